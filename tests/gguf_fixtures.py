#!/usr/bin/python3
"""Regenerates the GGUF fixtures of tests/data/gguf/ (see the README there).

    /usr/bin/python3 tests/gguf_fixtures.py /tmp/llama.cpp tests/data/gguf

The first argument is a checkout of llama.cpp (commit c392e5094deaf2d1a7c18683214f007fad3fe42b);
its converter, convert_hf_to_gguf.py, and its Python package gguf-py write the .gguf files, so
the files are what llama.cpp itself produces. Run it with Debian's interpreter: it needs
python3-numpy, python3-sentencepiece, python3-torch, python3-tqdm and python3-yaml.

What it writes:
  tiny-hf/            a tiny Llama in Hugging Face layout: config.json, model.safetensors (F32,
                      random weights from a fixed seed) and tokenizer.model (SentencePiece BPE
                      trained on the text below, vocabulary 320, byte fallback)
  tiny-f32.gguf       convert_hf_to_gguf.py --outtype f32
  tiny-f16.gguf       convert_hf_to_gguf.py --outtype f16
  tiny-q8_0.gguf      convert_hf_to_gguf.py --outtype q8_0
  tiny-q4_0.gguf      tiny-f32.gguf rewritten by gguf-py's GGUFWriter, matrices quantized to Q4_0
                      by gguf.quants.quantize (the converter has no Q4_0 output)
"""

import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "rms_norm_eps": 1e-5,
    "rope_theta": 10000.0,
    "vocab_size": None,  # the tokenizer's size, filled in below
    "max_position_embeddings": 128,
    "tie_word_embeddings": False,
    "hidden_act": "silu",
    "torch_dtype": "float32",
    "bos_token_id": 1,
    "eos_token_id": 2,
}
VOCAB_SIZE = 320
SEED = 20240611

# Training text for the tokenizer. With byte fallback the 256 byte pieces and the three specials
# take 259 of the 320 ids, and character_coverage=1.0 needs one piece per distinct character, so
# the text keeps to few characters (checked below); anything else still encodes, as bytes.
TEXT = """\
the quick brown fox jumps over the lazy dog. o rato roeu a roupa do rei de roma.
a small model reads a small text, and the text is about models and about text.
o modelo pequeno le um texto pequeno, e o texto fala de modelos e de texto.
we train the tokenizer on these lines so that the pieces are words of both languages.
treinamos o tokenizador nestas linhas para que as pecas sejam palavras das duas linguas.
the weather is good today, the sun is out and the sea is calm.
o tempo esta bom hoje, o sol esta forte e o mar esta calmo.
in 2024 the cluster ran 365 jobs on 12 nodes and used 4096 hours of energy.
em 2024 o cluster correu 365 trabalhos em 12 nos e gastou 4096 horas de energia.
where is the station? the station is near the river, after the bridge.
onde fica a estacao? a estacao fica perto do rio, depois da ponte.
i would like a coffee and a glass of water, please.
eu queria um cafe e um copo de agua, por favor.
the scheduler moves work to the hours when the energy is green and cheap.
o escalonador move o trabalho para as horas em que a energia e verde e barata.
a coracao, a nacao, a cancao: sao palavras com acentos e com cedilha.
the model answers in english or in portuguese, as the user asks.
o modelo responde em ingles ou em portugues, como o utilizador pede.
Lisboa e Porto sao cidades de Portugal. London and Paris are cities too.
we count: one, two, three, four, five. contamos: um, dois, tres, quatro, cinco.
the node agent loads the weights, reads the prompt and writes the answer.
o agente do no carrega os pesos, le o pedido e escreve a resposta.
good morning! bom dia! good night! boa noite! thank you! obrigado!
"""
# Portuguese accents, a few times each, so that they become pieces of their own.
TEXT += "\n".join([
    "não, são, mão, pão, irmão, coração, nação, canção, estação, informação.",
    "você, café, até, é, também, está, lá, já, água, número, música.",
    "começar, açúcar, praça, força, cabeça, criança, esperança, avó, avô.",
    "os irmãos estão na praça com o café e o açúcar.",
]) + "\n"
TEXT = TEXT * 3


def die(message):
    sys.stderr.write(f"gguf_fixtures.py: {message}\n")
    sys.exit(1)


def train_tokenizer(path):
    import io
    import sentencepiece as spm

    chars = sorted(set(TEXT.replace("\n", "")))
    if len(chars) > VOCAB_SIZE - 259:
        die(f"the training text has {len(chars)} distinct characters; at most {VOCAB_SIZE - 259} fit")
    model = io.BytesIO()
    # Llama's settings (its tokenizer.model's trainer_spec), at a tiny vocabulary.
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(TEXT.splitlines()), model_writer=model,
        model_type="bpe", vocab_size=VOCAB_SIZE, byte_fallback=True, split_digits=True,
        character_coverage=1.0, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        normalization_rule_name="identity", remove_extra_whitespaces=False,
        add_dummy_prefix=True, allow_whitespace_only_pieces=True, max_sentence_length=4192,
        num_threads=1, minloglevel=2)
    with open(path, "wb") as f:
        f.write(model.getvalue())
    sp = spm.SentencePieceProcessor(model_file=path)
    if sp.GetPieceSize() != VOCAB_SIZE or sp.IdToPiece(0) != "<unk>" or sp.IdToPiece(1) != "<s>" \
            or sp.IdToPiece(2) != "</s>":
        die("the trained tokenizer does not have Llama's layout")
    return sp.GetPieceSize()


def write_hf_model(folder):
    import numpy as np
    import torch

    sys.path.insert(0, HERE)
    from llama_reference import write_safetensors

    os.makedirs(folder, exist_ok=True)
    vocab = train_tokenizer(os.path.join(folder, "tokenizer.model"))
    config = dict(CONFIG, vocab_size=vocab)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

    rng = np.random.default_rng(SEED)
    hidden, inter = config["hidden_size"], config["intermediate_size"]
    head_dim = hidden // config["num_attention_heads"]
    kv = config["num_key_value_heads"] * head_dim

    def matrix(rows, cols, scale=0.05):
        return torch.from_numpy(rng.normal(0.0, scale, (rows, cols)).astype(np.float32))

    def norm():
        return torch.from_numpy((1.0 + rng.normal(0.0, 0.05, hidden)).astype(np.float32))

    # Projections ~N(0, 0.05^2); the output head wider (0.15) so that the logits of a
    # normalised hidden state spread over about +-1 and are not all alike.
    tensors = [("model.embed_tokens.weight", matrix(vocab, hidden))]
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."
        tensors += [
            (p + "self_attn.q_proj.weight", matrix(hidden, hidden)),
            (p + "self_attn.k_proj.weight", matrix(kv, hidden)),
            (p + "self_attn.v_proj.weight", matrix(kv, hidden)),
            (p + "self_attn.o_proj.weight", matrix(hidden, hidden)),
            (p + "mlp.gate_proj.weight", matrix(inter, hidden)),
            (p + "mlp.up_proj.weight", matrix(inter, hidden)),
            (p + "mlp.down_proj.weight", matrix(hidden, inter)),
            (p + "input_layernorm.weight", norm()),
            (p + "post_attention_layernorm.weight", norm()),
        ]
    tensors += [("model.norm.weight", norm()), ("lm_head.weight", matrix(vocab, hidden, 0.15))]
    write_safetensors(os.path.join(folder, "model.safetensors"),
                      [(name, "F32", t) for name, t in tensors], {"format": "pt"})


def run_converter_here(llama_cpp, args):
    """Runs convert_hf_to_gguf.py in this process, after the shims Debian's torch 1.13 needs."""
    import torch

    for name in ("float8_e4m3fn", "float8_e5m2"):  # named by the converter, absent before 2.1
        if not hasattr(torch, name):
            setattr(torch, name, torch.uint8)
    load = torch.load

    def load_without_mmap(*a, **k):  # torch.load(mmap=) arrived in 2.1
        k.pop("mmap", None)
        return load(*a, **k)

    torch.load = load_without_mmap
    sys.path.insert(0, os.path.join(llama_cpp, "gguf-py"))
    sys.argv = ["convert_hf_to_gguf.py"] + args
    runpy.run_path(os.path.join(llama_cpp, "convert_hf_to_gguf.py"), run_name="__main__")


def convert(llama_cpp, hf_folder, outtype, outfile):
    """The converter on a copy of the model with pytorch_model.bin in place of model.safetensors:
    Debian has no Python safetensors module, and the converter reads either."""
    import torch

    sys.path.insert(0, HERE)
    from llama_reference import read_safetensors

    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "tiny-hf")  # the converter names the model after the folder
        os.makedirs(folder)
        for name in ("config.json", "tokenizer.model"):
            shutil.copy(os.path.join(hf_folder, name), folder)
        tensors, _ = read_safetensors(os.path.join(hf_folder, "model.safetensors"))
        torch.save({name: t.contiguous() for name, (_, t) in tensors.items()},
                   os.path.join(folder, "pytorch_model.bin"))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [os.path.join(llama_cpp, "gguf-py")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        done = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--run-converter", llama_cpp,
             "--outtype", outtype, "--no-lazy", "--outfile", outfile, folder],
            env=env, capture_output=True, text=True)
        if done.returncode != 0:
            die(f"convert_hf_to_gguf.py --outtype {outtype} failed:\n{done.stdout}{done.stderr}")


def requantize_q4_0(llama_cpp, source, outfile):
    """Every key/value and tensor of `source`, matrices quantized to Q4_0, in the same order."""
    sys.path.insert(0, os.path.join(llama_cpp, "gguf-py"))
    import gguf
    from gguf import GGMLQuantizationType, GGUFValueType

    reader = gguf.GGUFReader(source)
    arch = reader.fields["general.architecture"]
    writer = gguf.GGUFWriter(outfile, bytes(arch.parts[arch.data[0]]).decode("utf-8"))
    # GGUFWriter adds general.architecture itself, first, as the converter does.
    writer.kv_data[0].clear()

    def scalar(field, index, vtype):
        part = field.parts[index]
        if vtype == GGUFValueType.STRING:
            return bytes(part).decode("utf-8")
        value = part[0].item()
        return bool(value) if vtype == GGUFValueType.BOOL else value

    for name, field in reader.fields.items():
        if name.startswith("GGUF."):  # the reader's view of the header, not keys
            continue
        vtype = field.types[0]
        if name == "general.file_type":
            writer.add_key_value(name, int(gguf.LlamaFileType.MOSTLY_Q4_0), vtype)
        elif vtype == GGUFValueType.ARRAY:
            items = [scalar(field, i, field.types[1]) for i in field.data]
            # GGUFWriter picks an array's element type from the Python type of its items.
            if any(GGUFValueType.get_type(v) != field.types[1] for v in items):
                die(f"{name}: an array of {field.types[1].name} that GGUFWriter cannot reproduce")
            writer.add_key_value(name, items, vtype)
        else:
            writer.add_key_value(name, scalar(field, field.data[0], vtype), vtype)

    for t in reader.tensors:
        if t.tensor_type != GGMLQuantizationType.F32:
            die(f"{source}: tensor {t.name} is {t.tensor_type.name}, expected F32")
        if len(t.data.shape) == 2:
            writer.add_tensor(t.name, gguf.quants.quantize(t.data, GGMLQuantizationType.Q4_0),
                              raw_dtype=GGMLQuantizationType.Q4_0)
        else:
            writer.add_tensor(t.name, t.data.copy())
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--run-converter":
        run_converter_here(sys.argv[2], sys.argv[3:])
        return
    if len(sys.argv) != 3:
        die("usage: /usr/bin/python3 tests/gguf_fixtures.py LLAMA_CPP_CHECKOUT OUTPUT_FOLDER")
    llama_cpp, out = (os.path.abspath(a) for a in sys.argv[1:])
    if not os.path.isfile(os.path.join(llama_cpp, "convert_hf_to_gguf.py")):
        die(f"{llama_cpp} is not a llama.cpp checkout (no convert_hf_to_gguf.py)")
    hf = os.path.join(out, "tiny-hf")
    write_hf_model(hf)
    for outtype in ("f32", "f16", "q8_0"):
        convert(llama_cpp, hf, outtype, os.path.join(out, f"tiny-{outtype}.gguf"))
    requantize_q4_0(llama_cpp, os.path.join(out, "tiny-f32.gguf"), os.path.join(out, "tiny-q4_0.gguf"))
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if os.path.isfile(path):
            print(f"{os.path.getsize(path):>9}  {name}")
    for name in sorted(os.listdir(hf)):
        print(f"{os.path.getsize(os.path.join(hf, name)):>9}  tiny-hf/{name}")


if __name__ == "__main__":
    main()
