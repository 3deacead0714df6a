#include "reportjob.h"

#include "planner/planner.h"
#include "reports/reporttext.h"

namespace sovereign {

namespace {

/// Forwards one step's progress into a span of the whole export's, and the
/// whole export's cancel into the step.
class StepFeedback : public Feedback {
  public:
    StepFeedback(Feedback *whole, double from, double span)
        : m_whole(whole), m_from(from), m_span(span) {}

  protected:
    void progressChanged(double percent) override {
        if (!m_whole)
            return;
        m_whole->setProgress(m_from + m_span * percent / 100.0);
        if (m_whole->isCanceled())
            cancel();
    }

  private:
    Feedback *m_whole;
    double m_from, m_span;
};

constexpr double kPlanningShare = 90.0;

} // namespace

Result<void> writeReport(const ReportRequest &request, const Catalog &catalog, Feedback *feedback) {
    const auto canceled = [&] { return feedback && feedback->isCanceled(); };
    std::vector<ReportSubject> subjects;
    const double span = kPlanningShare / std::max<std::size_t>(1, request.scenarios.size());
    for (std::size_t i = 0; i < request.scenarios.size(); ++i) {
        if (canceled())
            return fail(request.path.toStdString(), 0, 0, "export canceled; nothing written");
        StepFeedback step(feedback, span * static_cast<double>(i), span);
        auto plan =
            planScenario(request.scenarios[i], {request.monteCarloDraws, request.seed}, &step);
        if (canceled())
            return fail(request.path.toStdString(), 0, 0, "export canceled; nothing written");
        if (!plan)
            return std::unexpected(plan.error());
        subjects.push_back({request.scenarios[i], std::move(*plan)});
        if (feedback)
            feedback->setProgress(span * static_cast<double>(i + 1));
    }
    // The report speaks its own language on this thread only: the window
    // keeps its own (reports/reporttext.h).
    const ReportLanguage language(request.locale);
    auto ok = exportReport(subjects, catalog, request.format, request.path, request.locale);
    if (ok && feedback)
        feedback->setProgress(100.0);
    return ok;
}

} // namespace sovereign
