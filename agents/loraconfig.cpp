#include "agents/loraconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace sovereign::agent {

const std::vector<std::string> &loraTargetNames() {
    static const std::vector<std::string> names{"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                "gate_proj", "up_proj", "down_proj"};
    return names;
}

std::string moduleBlock(const std::string &module) {
    return module.ends_with("_proj") &&
                   (module[0] == 'q' || module[0] == 'k' || module[0] == 'v' || module[0] == 'o')
               ? "self_attn"
               : "mlp";
}

std::string loraTensorName(int layer, const std::string &module, char which) {
    return "base_model.model.model.layers." + std::to_string(layer) + "." + moduleBlock(module) +
           "." + module + ".lora_" + which + ".weight";
}

Result<LoraConfig> readLoraConfig(const std::string &path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot read: " + f.errorString().toStdString());
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return fail(path, 0, 0, "expected a JSON object (PEFT's adapter_config.json)");
    const QJsonObject o = doc.object();
    if (o.value("peft_type").toString() != "LORA")
        return fail(path, 0, 0,
                    "\"peft_type\" is \"" + o.value("peft_type").toString().toStdString() +
                        "\"; expected \"LORA\"");
    LoraConfig c;
    const double r = o.value("r").toDouble(-1);
    if (r < 1 || r != int(r) || r > 65536)
        return fail(path, 0, 0, "\"r\" must be an integer from 1 to 65536");
    c.r = int(r);
    // No default: PEFT's own (8) and "alpha = r" differ, and a wrong alpha
    // silently rescales the whole adapter.
    if (!o.value("lora_alpha").isDouble() || !(o.value("lora_alpha").toDouble() > 0))
        return fail(path, 0, 0, "\"lora_alpha\" must be given as a positive number");
    c.alpha = o.value("lora_alpha").toDouble();
    c.dropout = o.value("lora_dropout").toDouble(0.0);
    c.baseModel = o.value("base_model_name_or_path").toString().toStdString();
    const QJsonValue targets = o.value("target_modules");
    c.targetModules.clear();
    const QJsonArray list = targets.isString() ? QJsonArray{targets.toString()} : targets.toArray();
    for (const QJsonValue &t : list) {
        const std::string name = t.toString().toStdString();
        if (std::ranges::find(loraTargetNames(), name) == loraTargetNames().end())
            return fail(
                path, 0, 0,
                "\"target_modules\" names \"" + name +
                    "\"; expected among q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, "
                    "down_proj");
        c.targetModules.push_back(name);
    }
    if (c.targetModules.empty())
        return fail(path, 0, 0, "\"target_modules\" must list at least one module");
    if (o.value("bias").toString("none") != "none")
        return fail(path, 0, 0, "\"bias\" must be \"none\" (LoRA biases are not supported)");
    for (const char *flag : {"fan_in_fan_out", "use_rslora", "use_dora"})
        if (o.value(flag).toBool(false))
            return fail(path, 0, 0, std::string("\"") + flag + "\" is true; it is not supported");
    if (o.contains("layers_to_transform") && !o.value("layers_to_transform").isNull())
        return fail(path, 0, 0, "\"layers_to_transform\" is not supported (adapt every layer)");
    return c;
}

std::string loraConfigJson(const LoraConfig &c) {
    QJsonObject o;
    o["peft_type"] = "LORA";
    o["task_type"] = "CAUSAL_LM";
    o["r"] = c.r;
    o["lora_alpha"] = c.alpha;
    o["lora_dropout"] = c.dropout;
    QJsonArray targets;
    for (const auto &t : c.targetModules)
        targets.append(QString::fromStdString(t));
    o["target_modules"] = targets;
    o["base_model_name_or_path"] = QString::fromStdString(c.baseModel);
    o["bias"] = "none";
    o["fan_in_fan_out"] = false;
    o["inference_mode"] = true;
    o["modules_to_save"] = QJsonValue::Null;
    o["init_lora_weights"] = true;
    return QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace sovereign::agent
