package io.jifen.platform.b2b;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;

/** A budget grant uploaded as CSV ({@code external_id,points}, UTF-8, header line): all its lines, or every bad one by line number. */
final class GrantFile {

    private GrantFile() {
    }

    static List<Budgets.GrantLine> lines(String csv) {
        List<CSVRecord> records;
        try (var parser = CSVFormat.RFC4180.builder().setTrim(true).get().parse(new StringReader(csv.strip().replace("\uFEFF", "")))) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            throw DomainException.invalidField("file", "not readable as CSV: " + e.getMessage());
        }
        if (records.size() < 2 || records.getFirst().size() != 2 || !records.getFirst().get(0).equals("external_id")
                || !records.getFirst().get(1).equals("points")) {
            throw DomainException.invalid("The file needs the header external_id,points and at least one line", List.of());
        }
        List<Budgets.GrantLine> lines = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (CSVRecord record : records.subList(1, records.size())) {
            try {
                if (record.size() != 2 || record.get(0).isBlank()) {
                    throw new NumberFormatException("two fields");
                }
                lines.add(new Budgets.GrantLine(null, record.get(0), Long.parseLong(record.get(1))));
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem((int) record.getRecordNumber(), "points", "a line is external_id,points with whole points"));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The file has " + problems.size() + " bad line(s); nothing was granted", problems);
        }
        return lines;
    }
}
