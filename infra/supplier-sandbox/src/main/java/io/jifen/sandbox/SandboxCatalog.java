package io.jifen.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A supplier's catalog, generated from a seed: the same seed and size give the same SKUs, titles, prices and stock
 * every time. Titles are Chinese with the brands' Latin names, as on JD ("华为 HUAWEI Mate 60 Pro 12GB+512GB 雅川青
 * 5G手机"); prices are in fen; some SKUs cannot be delivered to remote provinces. Prices and listing state change
 * on request ({@link #changePrices}, ...), and every change is queued as a message, as the supplier's own message
 * queue would.
 */
public final class SandboxCatalog {

    /** A leaf category with its path, the brands sold in it and how its titles and prices are made. */
    record Family(int[] categoryIds, String[] categoryNames, String[] brands, String[] series, String[] nouns, String[] specs,
                  String[] colours, long minYuan, long maxYuan, String unit) {
    }

    /** One SKU. Title, brand, category and stock never change; price and listing state do. */
    public static final class Sku {
        public final long id;
        public final String name;
        public final String brand;
        public final int[] categoryIds;
        public final String[] categoryNames;
        public final String imagePath;
        public final String introduction;
        public final String unit;
        public final int weightGrams;
        public final String upc;
        /** Province ids (JD's numbering) the SKU cannot be delivered to. */
        public final Set<Integer> restrictedProvinces;
        volatile long costFen;
        volatile long marketFen;
        final int stock;
        volatile boolean listed;

        Sku(long id, String name, String brand, int[] categoryIds, String[] categoryNames, String imagePath, String introduction,
            String unit, int weightGrams, String upc, Set<Integer> restrictedProvinces, long costFen, long marketFen, int stock,
            boolean listed) {
            this.id = id;
            this.name = name;
            this.brand = brand;
            this.categoryIds = categoryIds;
            this.categoryNames = categoryNames;
            this.imagePath = imagePath;
            this.introduction = introduction;
            this.unit = unit;
            this.weightGrams = weightGrams;
            this.upc = upc;
            this.restrictedProvinces = restrictedProvinces;
            this.costFen = costFen;
            this.marketFen = marketFen;
            this.stock = stock;
            this.listed = listed;
        }

        public long costFen() {
            return costFen;
        }

        public long marketFen() {
            return marketFen;
        }

        public int stock() {
            return stock;
        }

        public boolean listed() {
            return listed;
        }
    }

    /** A product pool (商品池): the SKUs the supplier grants us, by top-level category. */
    public record Pool(String pageNum, String name, List<Long> skuIds) {
    }

    /** A change message: JD's types are 2 price, 4 listing state, 16 product information. */
    public record Message(long id, int type, long time, Map<String, Object> result) {
    }

    private static final List<Family> FAMILIES = List.of(
            family(new int[] {9987, 653, 655}, "手机通讯;手机;手机", "华为 HUAWEI,小米 Xiaomi,荣耀 HONOR,OPPO,vivo,Apple,一加 OnePlus",
                    "Mate 60 Pro,Pura 70,nova 12,14 Ultra,Redmi K70,Magic6,Find X7,X100,iPhone 15,Ace 3", "5G手机,智能手机,拍照手机",
                    "8GB+256GB,12GB+256GB,12GB+512GB,16GB+1TB", "曜石黑,雅川青,冰霜银,羽砂白,深空灰", 999, 9999, "台"),
            family(new int[] {652, 12345, 12347}, "数码;智能设备;智能手表", "华为 HUAWEI,小米 Xiaomi,Apple,佳明 Garmin,OPPO",
                    "WATCH GT 4,Watch S3,Watch Series 9,Forerunner 265,Watch X", "智能手表,运动手表,心率血氧监测手表",
                    "41mm,46mm,47mm", "幻夜黑,星光色,山茶棕,钛灰色", 399, 4999, "块"),
            family(new int[] {670, 671, 672}, "电脑办公;笔记本;轻薄本", "联想 Lenovo,华为 HUAWEI,戴尔 DELL,华硕 ASUS,惠普 HP,Apple",
                    "小新Pro 14,MateBook 14,XPS 13,灵耀14,星Book Pro,MacBook Air", "轻薄笔记本电脑,商务办公笔记本,高性能笔记本",
                    "i5 16G 512G,i7 16G 1T,R7 32G 1T,M3 8G 256G", "深空灰,银色,皓月银,星空蓝", 2999, 12999, "台"),
            family(new int[] {737, 752, 753}, "家用电器;厨房小电;电饭煲", "美的 Midea,苏泊尔 SUPOR,九阳 Joyoung,虎牌 TIGER,松下 Panasonic",
                    "鲜嫩系列,IH智能,球釜,低糖", "电饭煲 家用多功能,智能电饭锅,IH电磁加热电饭煲", "3L,4L,5L", "白色,灰色,香槟金", 159, 1899, "台"),
            family(new int[] {737, 738, 1279}, "家用电器;生活电器;电动牙刷", "飞利浦 PHILIPS,欧乐B Oral-B,舒客 Saky,usmile,小米 Xiaomi",
                    "钻石系列,iO系列,Y1,T500,声波", "电动牙刷 成人声波,充电式电动牙刷,情侣电动牙刷套装", "标准款,礼盒装,双支装", "白色,黑色,粉色", 99, 1599, "支"),
            family(new int[] {1320, 1585, 1602}, "食品饮料;饮料冲调;咖啡", "雀巢 Nestlé,星巴克 Starbucks,三顿半,瑞幸 luckin,隅田川",
                    "金牌,家享,超即溶,精品,挂耳", "速溶咖啡粉,咖啡豆 中度烘焙,冷萃咖啡液,挂耳咖啡", "24条,48杯,200g,1kg", "原味,拿铁,美式", 29, 299, "盒"),
            family(new int[] {1319, 1523, 7052}, "母婴;奶粉;婴幼儿奶粉", "飞鹤 FIRMUS,爱他美 Aptamil,惠氏 Wyeth,美赞臣 Enfamil,君乐宝",
                    "星飞帆,卓萃,启赋,铂睿,至臻", "婴幼儿配方奶粉 1段,婴幼儿配方奶粉 2段,幼儿配方奶粉 3段", "800g,900g,700g*2罐",
                    "原装,新国标", 169, 899, "罐"),
            family(new int[] {1316, 1381, 1389}, "美妆护肤;面部护肤;面霜", "兰蔻 LANCOME,雅诗兰黛 Estee Lauder,珀莱雅 PROYA,欧莱雅 L'OREAL,SK-II",
                    "小黑瓶,特润,红宝石,复颜,神仙水", "面霜 保湿修护,精华液 抗皱紧致,护肤套装 礼盒", "30ml,50ml,100ml", "标准装,礼盒装", 129, 2599, "瓶"),
            family(new int[] {16750, 16755, 16756}, "个人护理;洗发护发;洗发水", "海飞丝 Head&Shoulders,潘婷 PANTENE,沙宣 VS,清扬 CLEAR,阿道夫 ADOLPH",
                    "去屑,丝质顺滑,氨基酸,控油蓬松", "洗发水 去屑止痒,洗发露 柔顺,洗护套装", "400ml,750ml,1kg", "清爽型,滋润型", 29, 199, "瓶"),
            family(new int[] {1318, 12099, 9756}, "运动户外;运动鞋包;跑步鞋", "李宁 LI-NING,安踏 ANTA,耐克 NIKE,阿迪达斯 adidas,特步 XTEP",
                    "飞电,C202,Pegasus 40,Ultraboost,160X", "跑步鞋 男款 减震,跑鞋 女款 轻便透气,竞速跑鞋 碳板", "39,40,41,42,43",
                    "黑白,荧光绿,标准白,蓝色", 199, 1499, "双"),
            family(new int[] {1620, 1625, 1663}, "家居日用;水具酒具;保温杯", "膳魔师 THERMOS,象印 ZOJIRUSHI,富光 FUGUANG,虎牌 TIGER,哈尔斯 HAERS",
                    "不锈钢,大容量,轻量,儿童", "保温杯 316不锈钢,保温壶 大容量,焖烧杯", "350ml,500ml,1L", "雾白,深蓝,樱花粉", 59, 459, "个"),
            family(new int[] {1320, 2675, 2676}, "食品饮料;粮油调味;大米", "金龙鱼,福临门,五常大米,十月稻田,柴火大院",
                    "东北,稻花香,长粒香,珍珠米", "大米 东北粳米,五常稻花香大米,新米", "2.5kg,5kg,10kg", "袋装,礼盒", 29, 199, "袋"),
            family(new int[] {12259, 12260, 9435}, "酒类;白酒;白酒", "贵州茅台 MOUTAI,五粮液 WULIANGYE,洋河 YANGHE,汾酒 FENJIU,泸州老窖",
                    "飞天,第八代,梦之蓝 M6,青花20,国窖1573", "白酒 53度 酱香型,白酒 52度 浓香型,白酒 礼盒", "500ml,500ml*2,375ml",
                    "单瓶,礼盒装", 199, 3999, "瓶"),
            family(new int[] {1713, 3263, 3394}, "图书;童书;绘本", "中信出版社 CITIC,人民文学出版社,接力出版社,天天出版社,蒲公英童书馆",
                    "经典,科普,情绪管理,双语 Bilingual", "儿童绘本 3-6岁,启蒙认知图画书,睡前故事绘本 套装", "全10册,全6册,精装",
                    "平装,精装", 19, 299, "套"));

    private final List<Sku> skus;
    private final Map<Long, Sku> byId = new ConcurrentHashMap<>();
    private final List<Pool> pools;
    private final java.util.concurrent.ConcurrentLinkedDeque<Message> messages = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicLong messageIds = new AtomicLong(1_000_000);
    private final Random changes;

    /** {@code size} SKUs generated from {@code seed}. */
    public SandboxCatalog(long seed, int size) {
        Random random = new Random(seed);
        changes = new Random(seed ^ 0x5DEECE66DL);
        List<Sku> generated = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            generated.add(generate(100_000_000L + i * 7L, FAMILIES.get(i % FAMILIES.size()), random));
        }
        skus = Collections.unmodifiableList(generated);
        skus.forEach(sku -> byId.put(sku.id, sku));
        Map<Integer, List<Long>> byTop = new LinkedHashMap<>();
        Map<Integer, String> topNames = new LinkedHashMap<>();
        for (Sku sku : skus) {
            byTop.computeIfAbsent(sku.categoryIds[0], c -> new ArrayList<>()).add(sku.id);
            topNames.putIfAbsent(sku.categoryIds[0], sku.categoryNames[0]);
        }
        List<Pool> grouped = new ArrayList<>();
        byTop.forEach((top, ids) -> grouped.add(new Pool(String.valueOf(top), topNames.get(top) + "商品池", List.copyOf(ids))));
        pools = List.copyOf(grouped);
    }

    public List<Sku> skus() {
        return skus;
    }

    public Sku sku(long id) {
        return byId.get(id);
    }

    public List<Pool> pools() {
        return pools;
    }

    /** Changes the price of {@code count} random SKUs by -20..+20 % and queues a price message for each. */
    public synchronized List<Long> changePrices(int count) {
        List<Long> changed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sku sku = skus.get(changes.nextInt(skus.size()));
            long factor = 80 + changes.nextInt(41);
            sku.costFen = Math.max(100, sku.costFen * factor / 100 / 10 * 10);
            sku.marketFen = Math.max(sku.costFen + 100, sku.marketFen * factor / 100 / 100 * 100 + 90);
            publish(2, Map.of("skuId", sku.id));
            changed.add(sku.id);
        }
        return changed;
    }

    /** Takes {@code count} random SKUs off sale (or back on, if they were off) and queues a listing message for each. */
    public synchronized List<Long> toggleListing(int count) {
        List<Long> changed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sku sku = skus.get(changes.nextInt(skus.size()));
            sku.listed = !sku.listed;
            publish(4, Map.of("skuId", sku.id, "state", sku.listed ? 1 : 0));
            changed.add(sku.id);
        }
        return changed;
    }

    /** Sets a SKU's prices as they are, even impossible ones (tests of how a client refuses them), and queues a price message. */
    public void setPrices(long skuId, long costFen, long marketFen) {
        Sku sku = byId.get(skuId);
        sku.costFen = costFen;
        sku.marketFen = marketFen;
        publish(2, Map.of("skuId", skuId));
    }

    /** Queues a message of the given type (also used to queue the same message twice, as suppliers do). */
    public Message publish(int type, Map<String, Object> result) {
        var message = new Message(messageIds.incrementAndGet(), type, System.currentTimeMillis(), result);
        messages.add(message);
        return message;
    }

    /** Puts a message again, ahead of the queue: delivered twice and out of order. */
    public void redeliver(Message message) {
        messages.addFirst(message);
    }

    /** Up to {@code limit} queued messages of the given types, oldest first (they stay until deleted). */
    public List<Message> messages(Set<Integer> types, int limit) {
        List<Message> found = new ArrayList<>();
        for (Message message : messages) {
            if (types.contains(message.type())) {
                found.add(message);
                if (found.size() == limit) {
                    break;
                }
            }
        }
        return found;
    }

    /** Deletes a message by id (every copy of it); false if there was none. */
    public boolean deleteMessage(long id) {
        return messages.removeIf(message -> message.id() == id);
    }

    private static Sku generate(long id, Family family, Random random) {
        String brand = pick(family.brands(), random);
        String series = pick(family.series(), random);
        String noun = pick(family.nouns(), random);
        String spec = pick(family.specs(), random);
        String colour = pick(family.colours(), random);
        String name = brand + " " + series + " " + noun + " " + spec + " " + colour;
        long marketYuan = family.minYuan() + (long) (random.nextDouble() * (family.maxYuan() - family.minYuan()));
        long marketFen = marketYuan * 100 + (random.nextInt(3) == 0 ? 90 : 0);
        // Our cost (协议价) is 75-95 % of the market price (京东价).
        long costFen = Math.max(100, marketFen * (75 + random.nextInt(21)) / 100 / 10 * 10);
        int stock = random.nextInt(10) == 0 ? 0 : random.nextInt(500) + 1;
        boolean listed = random.nextInt(50) != 0;
        // Some goods are not delivered to Xinjiang (30) and Tibet (26), as on JD.
        Set<Integer> restricted = random.nextInt(8) == 0 ? Set.of(26, 30) : Set.of();
        String image = "jfs/t1/" + (100000 + random.nextInt(900000)) + "/" + Long.toHexString(id) + ".jpg";
        String introduction = "<div><p>" + brand + " " + series + "</p><p>" + noun + "，" + spec + "，" + colour + "。</p></div>";
        String upc = String.valueOf(6_900_000_000_000L + (id % 1_000_000_000L));
        return new Sku(id, name, brand, family.categoryIds(), family.categoryNames(), image, introduction, family.unit(),
                100 + random.nextInt(5000), upc, restricted, costFen, marketFen, stock, listed);
    }

    private static String pick(String[] options, Random random) {
        return options[random.nextInt(options.length)];
    }

    private static Family family(int[] ids, String names, String brands, String series, String nouns, String specs, String colours,
                                 long minYuan, long maxYuan, String unit) {
        return new Family(ids, names.split(";"), brands.split(","), series.split(","), nouns.split(","), specs.split(","),
                colours.split(","), minYuan, maxYuan, unit);
    }
}
