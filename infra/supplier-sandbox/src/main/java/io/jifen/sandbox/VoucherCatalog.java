package io.jifen.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * An e-voucher aggregator's products, generated from a seed: card codes (卡密: coffee, restaurants, travel, shopping and
 * game cards, video memberships) and direct top-ups (直充: mobile credit and data by carrier and province, fuel cards,
 * electricity, memberships, Q币), each at a face value and a purchase price a few per cent below it. Some are out of
 * stock or off sale. The same seed gives the same products every time.
 */
public final class VoucherCatalog {

    public enum Type { CARD, DIRECT }

    /** One product. Direct top-ups check the account they are credited to against {@code accountPattern}. */
    public static final class Product {
        public final long id;
        public final String name;
        public final String brand;
        public final Type type;
        public final String[] category;
        public final long faceFen;
        public final int validDays;
        public final Pattern accountPattern;
        volatile long priceFen;
        volatile boolean inStock;
        volatile boolean onSale;

        Product(long id, String name, String brand, Type type, String[] category, long faceFen, long priceFen, int validDays,
                Pattern accountPattern, boolean inStock, boolean onSale) {
            this.id = id;
            this.name = name;
            this.brand = brand;
            this.type = type;
            this.category = category;
            this.faceFen = faceFen;
            this.priceFen = priceFen;
            this.validDays = validDays;
            this.accountPattern = accountPattern;
            this.inStock = inStock;
            this.onSale = onSale;
        }

        public long priceFen() {
            return priceFen;
        }

        public boolean inStock() {
            return inStock;
        }

        public boolean onSale() {
            return onSale;
        }

        /** Sets the purchase price (tests of price changes). */
        public void setPriceFen(long priceFen) {
            this.priceFen = priceFen;
        }
    }

    static final String[] PROVINCES = {"北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
            "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
            "青海", "宁夏", "新疆"};
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern FUEL_CARD = Pattern.compile("\\d{16,19}");
    private static final Pattern ANY = Pattern.compile("\\S{4,64}");
    private static final Pattern QQ = Pattern.compile("[1-9]\\d{4,11}");
    private static final Pattern POWER_ACCOUNT = Pattern.compile("\\d{10,13}");

    private final List<Product> products;
    private final Map<Long, Product> byId = new LinkedHashMap<>();

    public VoucherCatalog(long seed) {
        Random random = new Random(seed);
        List<Product> all = new ArrayList<>();
        Generator gen = new Generator(all, random);
        String[][] cards = {
                {"星巴克 Starbucks", "餐饮美食;咖啡茶饮", "电子礼品卡,中杯拿铁兑换券,大杯美式兑换券"},
                {"瑞幸咖啡 luckin", "餐饮美食;咖啡茶饮", "饮品券,咖啡兑换券,电子储值卡"},
                {"喜茶 HEYTEA", "餐饮美食;咖啡茶饮", "饮品代金券,电子储值卡,兑换券"},
                {"麦当劳 McDonald's", "餐饮美食;快餐", "代金券,套餐兑换券,电子礼品卡"},
                {"肯德基 KFC", "餐饮美食;快餐", "代金券,全家桶兑换券,电子礼品卡"},
                {"必胜客 Pizza Hut", "餐饮美食;西餐", "代金券,比萨兑换券,电子礼品卡"},
                {"哈根达斯 Häagen-Dazs", "餐饮美食;甜品", "冰淇淋兑换券,电子礼品卡,代金券"},
                {"携程 Ctrip", "旅游出行;酒店机票", "旅游礼品卡,酒店代金券,机票代金券"},
                {"滴滴出行 DiDi", "旅游出行;打车", "打车券,快车代金券,专车礼品卡"},
                {"京东 JD", "购物卡;电商购物卡", "E卡,电子礼品卡,购物卡"},
                {"天猫超市 Tmall", "购物卡;电商购物卡", "超市卡,享淘卡,电子购物卡"},
                {"盒马 Freshippo", "购物卡;商超卡", "电子礼品卡,购物卡,代金券"},
                {"沃尔玛 Walmart", "购物卡;商超卡", "电子购物卡,礼品卡,代金券"},
                {"永辉超市", "购物卡;商超卡", "电子购物卡,礼品卡,代金券"},
                {"美团外卖 Meituan", "餐饮美食;外卖", "外卖红包,外卖代金券,会员卡"},
                {"饿了么 Ele.me", "餐饮美食;外卖", "外卖红包,超级会员卡,代金券"},
                {"万达电影 Wanda", "生活娱乐;电影", "观影兑换券,电影代金券,电子储值卡"},
                {"猫眼电影 Maoyan", "生活娱乐;电影", "电影兑换券,观影代金券,礼品卡"},
                {"网易严选 Yanxuan", "购物卡;电商购物卡", "电子礼品卡,购物卡,代金券"},
                {"Apple App Store", "数字娱乐;应用商店", "充值卡,礼品卡,充值码"},
                {"Steam", "数字娱乐;游戏", "钱包充值卡,礼品卡,充值码"},
                {"网易游戏 NetEase", "数字娱乐;游戏", "一卡通,点卡,游戏礼品卡"},
                {"屈臣氏 Watsons", "购物卡;美妆个护", "电子礼品卡,代金券,购物卡"},
                {"中国邮政 EMS", "生活服务;快递", "寄件券,快递代金券,电子储值卡"}};
        int[] cardValues = {10, 20, 30, 50, 100, 200, 300, 500, 1000};
        for (String[] card : cards) {
            for (String form : card[2].split(",")) {
                for (int value : cardValues) {
                    gen.add(card[0], card[0] + " " + value + "元" + form, Type.CARD, ("卡券;" + card[1]).split(";"), value, ANY);
                }
            }
        }
        String[] carriers = {"中国移动", "中国联通", "中国电信"};
        int[] creditValues = {10, 20, 30, 50, 100, 200, 300, 500};
        String[] speeds = {"快充", "慢充24小时", "慢充72小时"};
        for (String carrier : carriers) {
            for (String province : PROVINCES) {
                for (int value : creditValues) {
                    for (String speed : speeds) {
                        gen.add(carrier, carrier + " " + province + " 话费充值 " + value + "元 " + speed, Type.DIRECT,
                                new String[] {"直充", "话费", carrier}, value, MOBILE);
                    }
                }
                int[][] data = {{1, 5}, {2, 10}, {5, 20}, {10, 30}, {20, 50}, {30, 70}};
                for (int[] pack : data) {
                    for (String period : new String[] {"日包", "月包"}) {
                        long price = period.equals("日包") ? Math.max(1, pack[1] / 5) : pack[1];
                        gen.add(carrier, carrier + " " + province + " 流量" + period + " " + pack[0] + "GB 全国通用", Type.DIRECT,
                                new String[] {"直充", "流量", carrier}, price, MOBILE);
                    }
                }
            }
        }
        for (String fuel : new String[] {"中国石化 Sinopec", "中国石油 PetroChina"}) {
            for (String province : PROVINCES) {
                for (int value : new int[] {100, 200, 300, 500, 1000, 2000}) {
                    for (String speed : new String[] {"快充", "慢充"}) {
                        gen.add(fuel, fuel + " " + province + " 加油卡充值 " + value + "元 " + speed, Type.DIRECT,
                                new String[] {"直充", "加油卡", fuel}, value, FUEL_CARD);
                    }
                }
            }
        }
        for (String province : PROVINCES) {
            String grid = province.equals("广东") || province.equals("广西") || province.equals("云南") || province.equals("贵州")
                    || province.equals("海南") ? "南方电网" : "国家电网";
            for (int value : new int[] {50, 100, 200, 300, 500, 1000}) {
                gen.add(grid, grid + " " + province + " 电费缴纳 " + value + "元", Type.DIRECT, new String[] {"直充", "生活缴费", "电费"}, value,
                        POWER_ACCOUNT);
            }
        }
        String[] memberships = {"爱奇艺 黄金VIP", "腾讯视频 VIP", "优酷 VIP", "芒果TV 会员", "哔哩哔哩 大会员", "网易云音乐 黑胶VIP", "QQ音乐 绿钻",
                "喜马拉雅 VIP", "百度网盘 超级会员", "WPS 超级会员", "Keep 会员", "知乎 盐选会员"};
        String[][] durations = {{"周卡", "8"}, {"月卡", "25"}, {"季卡", "68"}, {"半年卡", "128"}, {"年卡", "238"}};
        for (String membership : memberships) {
            for (String[] duration : durations) {
                gen.add(membership.split(" ")[0], membership + " " + duration[0] + " 直充", Type.DIRECT, new String[] {"直充", "视频音乐会员", membership.split(" ")[0]},
                        Integer.parseInt(duration[1]), ANY);
                gen.add(membership.split(" ")[0], membership + " " + duration[0] + " 激活码", Type.CARD, new String[] {"卡券", "视频音乐会员", membership.split(" ")[0]},
                        Integer.parseInt(duration[1]), ANY);
            }
        }
        for (int value : new int[] {1, 5, 10, 20, 30, 50, 100, 200, 500, 1000}) {
            gen.add("腾讯 Tencent", "腾讯 Q币 " + value + "个 直充", Type.DIRECT, new String[] {"直充", "数字娱乐", "Q币"}, value, QQ);
            gen.add("腾讯 Tencent", "腾讯 Q币 " + value + "个 卡密", Type.CARD, new String[] {"卡券", "数字娱乐", "Q币"}, value, ANY);
        }
        products = Collections.unmodifiableList(all);
        products.forEach(product -> byId.put(product.id, product));
    }

    public List<Product> products() {
        return products;
    }

    public Product product(long id) {
        return byId.get(id);
    }

    private record Generator(List<Product> into, Random random) {
        void add(String brand, String name, Type type, String[] category, long faceYuan, Pattern account) {
            long face = faceYuan * 100;
            // The aggregator sells at 92-99 % of face value.
            long price = Math.max(1, face * (92 + random.nextInt(8)) / 100);
            boolean inStock = random.nextInt(25) != 0;
            boolean onSale = random.nextInt(40) != 0;
            int validDays = type == Type.CARD ? 30 * (1 + random.nextInt(12)) : 0;
            into.add(new Product(10_000_001L + into.size(), name, brand, type, category, face, price, validDays, account, inStock, onSale));
        }
    }
}
