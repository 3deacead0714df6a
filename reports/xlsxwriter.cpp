#include "planner/kpi.h"
#include "planner/yearfields.h"
#include "reports/tablewriters.h"

#include "reports/reporttext.h"

#include <xlsxwriter.h>

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

class Sheet {
  public:
    Sheet(lxw_workbook *book, const QString &name, lxw_format *bold)
        : ws(workbook_add_worksheet(book, name.left(31).toUtf8().constData())), bold(bold) {}
    void text(int r, int c, const QString &v, lxw_format *f = nullptr) {
        worksheet_write_string(ws, r, c, v.toUtf8().constData(), f);
    }
    void header(int r, const QStringList &names) {
        for (int c = 0; c < names.size(); ++c)
            text(r, c, names[c], bold);
    }
    void number(int r, int c, std::optional<double> v, lxw_format *f = nullptr) {
        if (v && std::isfinite(*v))
            worksheet_write_number(ws, r, c, *v, f);
        else
            worksheet_write_blank(ws, r, c, f);
    }
    lxw_worksheet *ws;
    lxw_format *bold;
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

    const bool many = subjects.size() > 1;
    auto sheetName = [&](std::size_t i, const QString &what) {
        return many ? QString("S%1 %2").arg(i + 1).arg(what) : what;
    };

    Sheet summary(book.get(), Report::tr("Summary"), bold);
    summary.header(0, {Report::tr("Scenario"), Report::tr("Strategy"), Report::tr("NPV (USD)"),
                       Report::tr("Salvage (USD)"), Report::tr("Feasible"),
                       Report::tr("Recommended")});
    int row = 1;
    for (const auto &s : subjects)
        for (const auto &st : s.plan.strategies) {
            summary.text(row, 0, QString::fromStdString(s.plan.scenarioName));
            summary.text(row, 1, QString::fromStdString(st.name));
            summary.number(row, 2, st.npvUsd, money);
            summary.number(row, 3, st.salvageUsd, money);
            worksheet_write_boolean(summary.ws, row, 4, st.feasible, nullptr);
            summary.text(row, 5, s.plan.recommended == st.name ? Report::tr("yes") : QString());
            ++row;
        }
    worksheet_set_column(summary.ws, 0, 0, 40, nullptr);
    worksheet_set_column(summary.ws, 1, 5, 16, nullptr);

    for (std::size_t i = 0; i < subjects.size(); ++i) {
        const PlanResult &plan = subjects[i].plan;
        for (const auto &st : plan.strategies) {
            Sheet sh(book.get(), sheetName(i, QString::fromStdString(st.name)), bold);
            QStringList header = {"year", "phase"};
            for (const auto &f : yearFields())
                header.append(f.name);
            sh.header(0, header);
            for (std::size_t y = 0; y < st.years.size(); ++y) {
                const YearResult &yr = st.years[y];
                sh.number(static_cast<int>(y) + 1, 0, yr.year);
                sh.text(static_cast<int>(y) + 1, 1, QString::fromStdString(yr.phase));
                int c = 2;
                for (const auto &f : yearFields()) {
                    const QString unit = f.unit;
                    sh.number(static_cast<int>(y) + 1, c++, f.get(yr),
                              unit == "USD"     ? money
                              : unit == "share" ? share
                                                : nullptr);
                }
            }
            worksheet_set_column(sh.ws, 2, static_cast<lxw_col_t>(header.size()), 14, nullptr);
        }

        Sheet kpi(book.get(), sheetName(i, Report::tr("KPIs")), bold);
        kpi.header(0, {Report::tr("KPI"), Report::tr("Metric"), Report::tr("Strategy"),
                       Report::tr("Year"), Report::tr("Phase"), Report::tr("Value"),
                       Report::tr("Target"), Report::tr("Status")});
        int kr = 1;
        for (const auto &k : plan.kpis)
            for (const auto &y : k.years) {
                kpi.text(kr, 0, QString::fromStdString(k.name));
                kpi.text(kr, 1, QString::fromStdString(k.metric));
                kpi.text(kr, 2, QString::fromStdString(k.strategy));
                kpi.number(kr, 3, y.year);
                kpi.text(kr, 4, QString::fromStdString(y.phase));
                if (y.hasValue)
                    kpi.number(kr, 5, y.value);
                else
                    kpi.text(kr, 5, Report::tr("n/a"));
                kpi.number(kr, 6, y.hasTarget ? std::optional<double>(y.target) : std::nullopt);
                kpi.text(kr, 7, kpiStatusName(y.status));
                ++kr;
            }

        const Scenario &sc = subjects[i].scenario;
        Sheet as(book.get(), sheetName(i, Report::tr("Assumptions")), bold);
        QStringList header = {Report::tr("Input"), Report::tr("Origin"), Report::tr("Source")};
        for (int y = 0; y < sc.years; ++y)
            header.append(QString::number(sc.startYear + y));
        as.header(0, header);
        int ar = 1;
        for (const auto &p : sc.params) {
            if (p.origin == "unused")
                continue;
            as.text(ar, 0, QString::fromStdString(p.key));
            as.text(ar, 1, QString::fromStdString(p.origin));
            const auto colon = p.origin.find(':');
            if (colon != std::string::npos)
                if (const Source *src = catalog.source(p.origin.substr(colon + 1)))
                    as.text(ar, 2, QString::fromStdString(src->citation()));
            for (int y = 0; y < sc.years; ++y)
                as.number(ar, 3 + y, p.values[y]);
            ++ar;
        }
        worksheet_set_column(as.ws, 0, 0, 44, nullptr);
        worksheet_set_column(as.ws, 2, 2, 60, nullptr);

        if (plan.monteCarlo) {
            const MonteCarloResult &mc = *plan.monteCarlo;
            Sheet m(book.get(), sheetName(i, Report::tr("Monte Carlo")), bold);
            m.header(0, {Report::tr("Strategy"), "P10", "P50", "P90", Report::tr("Mean"),
                         Report::tr("Feasible share")});
            int mr = 1;
            for (const auto &s : mc.strategies) {
                m.text(mr, 0, QString::fromStdString(s.name));
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
            worksheet_set_column(m.ws, 0, 0, 44, nullptr);
        }
    }
    const lxw_error err = workbook_close(book.release());
    if (err != LXW_NO_ERROR)
        return fail(path.toStdString(), 0, 0,
                    std::string("cannot write the workbook: ") + lxw_strerror(err));
    return {};
}

} // namespace sovereign
