#include "planner/kpi.h"
#include "planner/yearfields.h"
#include "reports/tablewriters.h"

#include "reports/reportbuilder.h"
#include "reports/reporttext.h"

#include <xlsxwriter.h>

#include <QMap>

#include <algorithm>
#include <cmath>
#include <memory>

namespace sovereign {

namespace {

struct WorkbookCloser {
    void operator()(lxw_workbook *w) const {
        if (w)
            workbook_close(w);
    }
};

/// A worksheet that remembers how wide its content is, so its columns can be
/// sized to it, and how far it reaches, for the autofilter.
class Sheet {
  public:
    Sheet(lxw_workbook *book, const QString &name, lxw_format *bold)
        : ws(workbook_add_worksheet(book, name.left(31).toUtf8().constData())), bold(bold) {}
    void text(int r, int c, const QString &v, lxw_format *f = nullptr) {
        worksheet_write_string(ws, r, c, v.toUtf8().constData(), f);
        grow(r, c, static_cast<double>(v.size()));
    }
    void header(int r, const QStringList &names) {
        for (int c = 0; c < names.size(); ++c)
            text(r, c, names[c], bold);
    }
    void number(int r, int c, std::optional<double> v, lxw_format *f = nullptr) {
        if (v && std::isfinite(*v)) {
            worksheet_write_number(ws, r, c, *v, f);
            // Digits, group separators and two decimals at most, as shown.
            const double digits = std::floor(std::log10(std::max(1.0, std::abs(*v)))) + 1;
            grow(r, c, digits + std::floor((digits - 1) / 3) + 4);
        } else {
            worksheet_write_blank(ws, r, c, f);
        }
    }
    void boolean(int r, int c, bool v) {
        worksheet_write_boolean(ws, r, c, v, nullptr);
        grow(r, c, 5);
    }
    /// Column widths from content (capped: long citations wrap in the cell
    /// rather than make a column a screen wide), the header row frozen and,
    /// with `filter`, an autofilter over the table that starts at row 0.
    void finish(bool filter, int frozenColumns = 0, lxw_format *wrap = nullptr) {
        for (auto it = widths.begin(); it != widths.end(); ++it) {
            const double w = std::clamp(it.value() + 2, 8.0, 60.0);
            worksheet_set_column(ws, static_cast<lxw_col_t>(it.key()),
                                 static_cast<lxw_col_t>(it.key()), w,
                                 it.value() + 2 > 60 ? wrap : nullptr);
        }
        worksheet_freeze_panes(ws, 1, static_cast<lxw_col_t>(frozenColumns));
        if (filter && lastRow > 0)
            worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(lastRow),
                                 static_cast<lxw_col_t>(lastColumn));
    }
    lxw_worksheet *ws;
    lxw_format *bold;

  private:
    void grow(int r, int c, double width) {
        widths[c] = std::max(widths.value(c), width);
        lastRow = std::max(lastRow, r);
        lastColumn = std::max(lastColumn, c);
    }
    QMap<int, double> widths;
    int lastRow = 0, lastColumn = 0;
};

} // namespace

Result<void> writeXlsx(const std::vector<ReportSubject> &subjects, const Catalog &catalog,
                       const QString &path) {
    std::unique_ptr<lxw_workbook, WorkbookCloser> book(workbook_new(path.toUtf8().constData()));
    if (!book)
        return fail(path.toStdString(), 0, 0, "cannot create the workbook");
    lxw_format *bold = workbook_add_format(book.get());
    format_set_bold(bold);
    lxw_format *money = workbook_add_format(book.get());
    format_set_num_format(money, "#,##0");
    lxw_format *share = workbook_add_format(book.get());
    format_set_num_format(share, "0.0%");
    lxw_format *fraction = workbook_add_format(book.get()); // MW, USD per unit
    format_set_num_format(fraction, "#,##0.00");
    lxw_format *wrap = workbook_add_format(book.get());
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    // A yearly field's number format from its unit (planner/yearfields.cpp):
    // shares as percentages, counts, hours, MWh and USD with thousands
    // separators, MW and prices per unit with two decimals.
    auto unitFormat = [&](const QString &unit) {
        if (unit == "share")
            return share;
        if (unit == "MW" || unit.contains('/'))
            return fraction;
        return money; // "#,##0": USD, H100-h, GPU-h, GPUs, MWh, t CO2
    };
    auto fieldFormat = [&](const std::string &name) {
        for (const auto &f : yearFields())
            if (name == f.name)
                return unitFormat(f.unit);
        return static_cast<lxw_format *>(nullptr);
    };

    const bool many = subjects.size() > 1;
    auto sheetName = [&](std::size_t i, const QString &what) {
        return many ? QString("S%1 %2").arg(i + 1).arg(what) : what;
    };

    Sheet summary(book.get(), Report::tr("Summary"), bold);
    // Column B keeps the strategy's id: it names the strategy's sheet.
    summary.header(0, {Report::tr("Scenario"), Report::tr("Id"), Report::tr("NPV (USD)"),
                       Report::tr("Salvage (USD)"), Report::tr("Feasible"),
                       Report::tr("Recommended"), Report::tr("Strategy")});
    int row = 1;
    for (const auto &s : subjects)
        for (const auto &st : s.plan.strategies) {
            summary.text(row, 0, QString::fromStdString(s.plan.scenarioName));
            summary.text(row, 1, QString::fromStdString(st.name));
            summary.number(row, 2, st.npvUsd, money);
            summary.number(row, 3, st.salvageUsd, money);
            summary.boolean(row, 4, st.feasible);
            summary.boolean(row, 5, s.plan.recommended == st.name);
            summary.text(row, 6, strategyLabel(st.name));
            ++row;
        }
    summary.finish(true);

    for (std::size_t i = 0; i < subjects.size(); ++i) {
        const PlanResult &plan = subjects[i].plan;
        for (const auto &st : plan.strategies) {
            Sheet sh(book.get(), sheetName(i, QString::fromStdString(st.name)), bold);
            QStringList header = {"year", "phase"};
            for (const auto &f : yearFields())
                header.append(f.name);
            sh.header(0, header);
            // The header keeps the JSON names (scripts read them); a comment
            // on each gives the name in the report's language, with its unit.
            for (int c = 0; c < header.size(); ++c) {
                const QString label = c == 0   ? Report::tr("Year")
                                      : c == 1 ? Report::tr("Phase")
                                               : yearFieldLabel(header[c].toStdString());
                worksheet_write_comment(sh.ws, 0, static_cast<lxw_col_t>(c),
                                        label.toUtf8().constData());
            }
            for (std::size_t y = 0; y < st.years.size(); ++y) {
                const YearResult &yr = st.years[y];
                sh.number(static_cast<int>(y) + 1, 0, yr.year);
                sh.text(static_cast<int>(y) + 1, 1, phaseLabel(yr.phase));
                int c = 2;
                for (const auto &f : yearFields()) {
                    sh.number(static_cast<int>(y) + 1, c++, f.get(yr), unitFormat(f.unit));
                }
            }
            sh.finish(true, 2);
        }

        Sheet kpi(book.get(), sheetName(i, Report::tr("KPIs")), bold);
        kpi.header(0, {Report::tr("KPI"), Report::tr("Metric"), Report::tr("Strategy"),
                       Report::tr("Year"), Report::tr("Phase"), Report::tr("Value"),
                       Report::tr("Target"), Report::tr("Status")});
        int kr = 1;
        for (const auto &k : plan.kpis)
            for (const auto &y : k.years) {
                kpi.text(kr, 0, QString::fromStdString(k.name));
                kpi.text(kr, 1, yearFieldLabel(k.metric));
                kpi.text(kr, 2, strategyLabel(k.strategy));
                kpi.number(kr, 3, y.year);
                kpi.text(kr, 4, phaseLabel(y.phase));
                if (y.hasValue)
                    kpi.number(kr, 5, y.value, fieldFormat(k.metric));
                else
                    kpi.text(kr, 5, Report::tr("n/a"));
                kpi.number(kr, 6, y.hasTarget ? std::optional<double>(y.target) : std::nullopt,
                           fieldFormat(k.metric));
                kpi.text(kr, 7, kpiStatusLabel(y.status));
                ++kr;
            }
        kpi.finish(true);

        const Scenario &sc = subjects[i].scenario;
        Sheet as(book.get(), sheetName(i, Report::tr("Assumptions")), bold);
        QStringList header = {Report::tr("Input"), Report::tr("Origin"), Report::tr("Source")};
        for (int y = 0; y < sc.years; ++y)
            header.append(QString::number(sc.startYear + y));
        as.header(0, header);
        int ar = 1;
        auto catalogName = [](const CatalogEntry *e, const std::string &id) {
            return QString::fromStdString(e && !e->name.empty() ? e->name : id);
        };
        as.text(ar, 0, "region");
        as.text(ar, 1, Report::tr("scenario"));
        as.text(ar++, 3, catalogName(catalog.region(sc.region), sc.region));
        as.text(ar, 0, "accelerator");
        as.text(ar, 1, Report::tr("scenario"));
        as.text(ar++, 3, catalogName(catalog.accelerator(sc.accelerator), sc.accelerator));
        as.text(ar, 0, "cloud.sovereign");
        as.text(ar, 1, Report::tr("scenario"));
        as.boolean(ar++, 3, sc.cloudSovereign);
        for (const auto &p : sc.params) {
            if (p.origin == "unused")
                continue;
            as.text(ar, 0, QString::fromStdString(p.key));
            as.text(ar, 1, QString::fromStdString(p.origin));
            const auto colon = p.origin.find(':');
            if (colon != std::string::npos)
                if (const Source *src = catalog.source(p.origin.substr(colon + 1)))
                    as.text(ar, 2, QString::fromStdString(src->citation()));
            for (int y = 0; y < sc.years; ++y) {
                const double v = p.values[y];
                // Whole numbers of four digits and more get separators; rates
                // and prices keep their decimals ("General").
                as.number(ar, 3 + y, v,
                          std::abs(v) >= 1000 && v == std::round(v) ? money : nullptr);
            }
            ++ar;
        }
        as.finish(true, 1, wrap);

        if (plan.monteCarlo) {
            const MonteCarloResult &mc = *plan.monteCarlo;
            Sheet m(book.get(), sheetName(i, Report::tr("Monte Carlo")), bold);
            m.header(0, {Report::tr("Strategy"), "P10", "P50", "P90", Report::tr("Mean"),
                         Report::tr("Feasible share")});
            int mr = 1;
            for (const auto &s : mc.strategies) {
                m.text(mr, 0, strategyLabel(s.name));
                m.number(mr, 1, s.npv.p10, money);
                m.number(mr, 2, s.npv.p50, money);
                m.number(mr, 3, s.npv.p90, money);
                m.number(mr, 4, s.npv.mean, money);
                m.number(mr, 5, s.feasibleShare, share);
                ++mr;
            }
            m.text(++mr, 0, Report::tr("P(own beats lease)"));
            m.number(mr, 1, mc.probOwnBeatsLease, share);
            mr += 2;
            m.header(mr++,
                     {Report::tr("Tornado input"), Report::tr("Low"), Report::tr("High"),
                      Report::tr("NPV at low"), Report::tr("NPV at high"), Report::tr("Swing")});
            for (const auto &b : mc.strategies[3].tornado) {
                m.text(mr, 0, QString::fromStdString(b.key));
                m.number(mr, 1, b.lowInput);
                m.number(mr, 2, b.highInput);
                m.number(mr, 3, b.npvAtLow, money);
                m.number(mr, 4, b.npvAtHigh, money);
                m.number(mr, 5, b.swing(), money);
                ++mr;
            }
            m.finish(false);
        }
    }
    const lxw_error err = workbook_close(book.release());
    if (err != LXW_NO_ERROR)
        return fail(path.toStdString(), 0, 0,
                    std::string("cannot write the workbook: ") + lxw_strerror(err));
    return {};
}

} // namespace sovereign
