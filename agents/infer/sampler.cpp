#include "agents/infer/sampler.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace sovereign::agent::infer {

Sampler::Sampler(const SamplingOptions &options) : m_options(options), m_random(options.seed) {}

double Sampler::uniform() {
    return double(m_random() >> 11) * 0x1.0p-53;
}

int Sampler::sample(std::span<const float> logits) {
    if (logits.empty())
        return -1;
    if (!(m_options.temperature > 0))
        return int(std::max_element(logits.begin(), logits.end()) - logits.begin());
    struct Candidate {
        int id;
        float logit;
    };
    std::vector<Candidate> c(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
        c[i] = {int(i), logits[i] / m_options.temperature};
    auto byLikelihood = [](const Candidate &a, const Candidate &b) {
        return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
    };
    std::size_t keep = c.size();
    if (m_options.topK > 0 && std::size_t(m_options.topK) < keep)
        keep = std::size_t(m_options.topK);
    std::partial_sort(c.begin(), c.begin() + std::ptrdiff_t(keep), c.end(), byLikelihood);
    c.resize(keep);
    std::vector<double> p(keep);
    double sum = 0;
    for (std::size_t i = 0; i < keep; ++i)
        sum += p[i] = std::exp(double(c[i].logit - c[0].logit));
    if (m_options.topP < 1) {
        double reached = 0;
        std::size_t n = 0;
        while (n < keep && reached < m_options.topP * sum)
            reached += p[n++];
        keep = std::max<std::size_t>(1, n);
        sum = reached > 0 ? reached : p[0];
    }
    double u = uniform() * sum;
    for (std::size_t i = 0; i < keep; ++i) {
        if (u < p[i])
            return c[i].id;
        u -= p[i];
    }
    return c[keep - 1].id;
}

} // namespace sovereign::agent::infer
