#pragma once

#include <atomic>
#include <functional>

namespace sovereign {

/// Progress and cancellation shared by a long computation and whoever waits
/// for it (the GUI's progress bar, the CLI's progress line). Thread-safe.
class Feedback {
  public:
    virtual ~Feedback() = default;

    void cancel() { m_canceled.store(true); }
    bool isCanceled() const { return m_canceled.load(); }

    /// Percent done, 0..100.
    void setProgress(double percent) {
        m_progress.store(percent);
        progressChanged(percent);
    }
    double progress() const { return m_progress.load(); }

  protected:
    /// Called from the computing thread; override to forward (e.g. a Qt signal).
    virtual void progressChanged(double) {}

  private:
    std::atomic<bool> m_canceled{false};
    std::atomic<double> m_progress{0.0};
};

} // namespace sovereign
