// `sovereign-agent bench train` and the compute threads: the same step the
// training jobs run (training.h), on random weights and tokens.

#include "agents/systeminfo.h"
#include "agents/torch/torchjobs.h"
#include "agents/torch/training.h"

#include <ATen/Parallel.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace sovereign::agent {

int setComputeThreads(int threads) {
    const int n = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(n);
    setBlasThreads(n);
    return n;
}

TorchInfo torchInfo() {
    TorchInfo info;
    info.version = TORCH_VERSION;
    info.threads = at::get_num_threads();
    info.interopThreads = at::get_num_interop_threads();
    std::istringstream lines(at::get_parallel_info());
    std::string line;
    while (std::getline(lines, line))
        if (line.find("parallel backend") != std::string::npos)
            info.parallelism = line.substr(line.find(':') + 1);
    while (!info.parallelism.empty() && info.parallelism.front() == ' ')
        info.parallelism.erase(0, 1);
    return info;
}

Result<TrainBenchResult> benchTrain(const TrainBenchRequest &request) {
    auto config = readLlamaConfig(request.config);
    if (!config)
        return std::unexpected(config.error());
    if (request.seq > config->maxPositionEmbeddings)
        return fail(request.config, 0, 0,
                    "--seq " + std::to_string(request.seq) + " exceeds max_position_embeddings " +
                        std::to_string(config->maxPositionEmbeddings));
    TrainBenchResult result;
    result.threads = setComputeThreads(request.threads);
    result.lora = request.loraR > 0;
    result.steps = request.steps;
    LlamaModel model(*config);
    model.initialise(0);
    if (result.lora) {
        LoraConfig lora;
        lora.r = request.loraR;
        lora.alpha = 2.0 * request.loraR;
        lora.dropout = 0.0;
        lora.targetModules = {"q_proj", "v_proj"};
        model.addLora(lora, 0);
    }
    NamedTensors trainable = model.trainable(result.lora);
    for (const auto &[name, t] : model.weights())
        result.params += t.numel();
    for (const auto &[name, t] : trainable)
        result.trainableParams += t.numel();
    auto optimizer = makeOptimizer(trainable, 1e-4, 0.01);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(0);
    const auto batch = [&] {
        return at::randint(config->vocabSize, {request.batch, request.seq + 1}, gen, at::kLong);
    };
    for (int i = 0; i < request.warmup; ++i)
        trainStep(model, *optimizer, trainable, batch(), 1e-4, 1.0);
    std::vector<at::Tensor> batches;
    for (int i = 0; i < request.steps; ++i)
        batches.push_back(batch());
    const auto start = std::chrono::steady_clock::now();
    for (const at::Tensor &b : batches)
        trainStep(model, *optimizer, trainable, b, 1e-4, 1.0);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.tokensPerS = double(request.batch) * request.seq * request.steps / result.seconds;
    return result;
}

} // namespace sovereign::agent
