package io.jifen.billing.internal.invoicing;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import org.springframework.stereotype.Component;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.Invoice;
import io.jifen.billing.MonthStatement;
import io.jifen.billing.internal.rating.Money;

/**
 * Prints an invoice (OpenPDF): header, the month statement, the lines and the totals, in Chinese and English, with the
 * configured CJK font embedded as a subset of the glyphs used (jifen.billing.pdf.font).
 */
@Component
class InvoicePdf {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final BillingProperties properties;
    private volatile BaseFont font;

    InvoicePdf(BillingProperties properties) {
        this.properties = properties;
    }

    byte[] print(Invoice invoice) {
        ZoneId zone = properties.zone();
        Font body = new Font(font(), 9);
        Font bold = new Font(font(), 9, Font.BOLD);
        Font title = new Font(font(), 16, Font.BOLD);
        var out = new ByteArrayOutputStream();
        var document = new Document(PageSize.A4, 40, 40, 40, 40);
        PdfWriter.getInstance(document, out);
        document.open();
        document.addTitle("Invoice " + invoice.number());
        document.add(new Paragraph("积分平台服务账单 Jifen invoice " + invoice.number(), title));
        document.add(new Paragraph("账期 Period: " + invoice.period() + "    状态 Status: " + (invoice.status() == Invoice.Status.DRAFT ? "草稿 DRAFT" : "已确认 FINALIZED")
                + "    开具 Issued: " + DAY.format(invoice.issuedAt().atZone(zone)), body));
        document.add(new Paragraph("租户 Tenant: " + invoice.tenantId(), body));
        document.add(new Paragraph(" ", body));

        MonthStatement s = invoice.statement();
        document.add(new Paragraph("本月积分报表 Month statement", bold));
        PdfPTable statement = new PdfPTable(2);
        statement.setWidthPercentage(60);
        statement.setHorizontalAlignment(Element.ALIGN_LEFT);
        row(statement, body, "活跃会员 Active members", Long.toString(s.activeMembers()));
        row(statement, body, "发放积分 Points issued", Long.toString(s.pointsIssued()));
        row(statement, body, "兑换积分 Points redeemed", Long.toString(s.pointsRedeemed()));
        row(statement, body, "过期积分 Points expired", Long.toString(s.pointsExpired()));
        row(statement, body, "月末积分负债 Points liability at month end (CNY)", Money.yuan(s.liabilityFen()));
        document.add(statement);
        document.add(new Paragraph(" ", body));

        PdfPTable lines = new PdfPTable(new float[] {4, 62, 12, 11, 11});
        lines.setWidthPercentage(100);
        for (String heading : new String[] {"#", "项目 Item", "数量 Qty", "金额 Amount", "税 Tax"}) {
            lines.addCell(cell(heading, bold, Element.ALIGN_LEFT));
        }
        for (Invoice.Line line : invoice.lines()) {
            lines.addCell(cell(Integer.toString(line.lineNo()), body, Element.ALIGN_LEFT));
            lines.addCell(cell(line.description(), body, Element.ALIGN_LEFT));
            lines.addCell(cell(Long.toString(line.quantity()), body, Element.ALIGN_RIGHT));
            lines.addCell(cell(Money.yuan(line.amountFen()), body, Element.ALIGN_RIGHT));
            lines.addCell(cell(Money.yuan(line.taxFen()), body, Element.ALIGN_RIGHT));
        }
        document.add(lines);
        document.add(new Paragraph(" ", body));
        PdfPTable totals = new PdfPTable(2);
        totals.setWidthPercentage(40);
        totals.setHorizontalAlignment(Element.ALIGN_RIGHT);
        row(totals, body, "小计 Subtotal", Money.yuan(invoice.subtotalFen()));
        row(totals, body, "税额 Tax", Money.yuan(invoice.taxFen()));
        row(totals, bold, "合计 Total (" + invoice.currency() + ")", Money.yuan(invoice.totalFen()));
        document.add(totals);
        document.close();
        return out.toByteArray();
    }

    private static void row(PdfPTable table, Font font, String label, String value) {
        table.addCell(cell(label, font, Element.ALIGN_LEFT));
        table.addCell(cell(value, font, Element.ALIGN_RIGHT));
    }

    private static PdfPCell cell(String text, Font font, int alignment) {
        var cell = new PdfPCell(new Phrase(text, font));
        cell.setHorizontalAlignment(alignment);
        cell.setPadding(3);
        return cell;
    }

    /** The font, loaded once (a CJK font file is tens of megabytes); its glyphs are embedded as used. */
    private BaseFont font() {
        BaseFont loaded = font;
        if (loaded == null) {
            synchronized (this) {
                if (font == null) {
                    try {
                        font = BaseFont.createFont(properties.pdf().font(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot load the invoice font " + properties.pdf().font()
                                + " (jifen.billing.pdf.font; Debian: apt-get install fonts-noto-cjk): " + e.getMessage(), e);
                    }
                }
                loaded = font;
            }
        }
        return loaded;
    }
}
