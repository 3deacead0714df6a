#pragma once

#include "planner/base/error.h"

#include <string>
#include <vector>

namespace sovereign::agent {

/// A LoRA adapter's settings, as Hugging Face PEFT keeps them in
/// adapter_config.json: y = W x + (alpha / r) B A x on each target module.
struct LoraConfig {
    int r = 8;
    double alpha = 16;
    double dropout = 0.0;
    std::vector<std::string> targetModules{"q_proj", "v_proj"};
    std::string baseModel; ///< base_model_name_or_path

    double scale() const { return alpha / r; }
};

/// The projections of a Llama layer LoRA may adapt.
const std::vector<std::string> &loraTargetNames();

/// Reads DIR/adapter_config.json; refuses a peft_type other than LORA, r < 1,
/// unknown target modules and options we do not implement (bias, fan_in_fan_out,
/// use_rslora, use_dora) when they would change the result.
Result<LoraConfig> readLoraConfig(const std::string &path);
/// adapter_config.json as PEFT writes it.
std::string loraConfigJson(const LoraConfig &config);

/// PEFT's tensor names: base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight.
std::string loraTensorName(int layer, const std::string &module, char which);
/// "self_attn" for q/k/v/o_proj, "mlp" for gate/up/down_proj.
std::string moduleBlock(const std::string &module);

} // namespace sovereign::agent
