// sovereign-agent: runs on every node, as the payload of a Slurm job or on its
// own. Trains and fine-tunes Llama-family models with libtorch (agents/).
#include "agentcommands.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace {

const char *kHelp = R"(Usage: sovereign-agent COMMAND [ARGS]

The node agent: trains and LoRA fine-tunes Llama-family models (Hugging Face
config.json + safetensors, SentencePiece tokenizers) on this machine.

Commands:
  info [--json]         the BLAS, its threads, libtorch's threads, the CPU's SIMD
                        level and the energy meter this node would use
  run JOB.yaml          run a train, finetune-lora, merge or eval job; JSON lines
                        on stdout; SIGTERM/SIGUSR1/SIGINT checkpoint and exit 75
  bench train --config config.json [--batch B] [--seq T] [--threads N]
              [--lora R] [--steps S] [--warmup W]
                        time training steps; prints one JSON line
  tokenizer train --input FILE... --output tokenizer.model [--vocab-size N]
                  [--type bpe|unigram] [--threads N]
  corpus fortunes --lang en|pt --out DIR
                        the fortune corpora split into train.txt / heldout.txt
  forward --model DIR [--adapter DIR] --text FILE --out OUT.safetensors
          [--max-tokens N] [--threads N]
                        logits of a text, for checking against another engine

  generate --model PATH --prompt TEXT [-n N] [--temperature T] [--top-k K]
           [--top-p P] [--seed S] [--stop TEXT] [--threads T] [--json]
                        generate text; PATH: a .gguf file, a folder with
                        model.gguf, or a Hugging Face folder
  bench generate --model PATH [--threads N] [--types f32,q8_0,q4_0] [-p 128]
                 [-n 128] [-r 5]
                        prompt and generation tokens/s; JSON lines
  convert --model PATH --out FILE.gguf [--type f32|f16|q8_0|q4_0]
                        write a GGUF file llama.cpp and Ollama load
  model random --config config.json --out FILE.gguf [--type T] [--seed S]
                        a random-weight model for benchmarks
  serve --model PATH [--host 127.0.0.1] [--port N] [--token-file FILE]
        [--threads T] [--type T] [--parallel N] [--max-tokens N]
        [--max-prompt-tokens N] [--max-body-bytes N] [--context N] [--jobs-dir DIR]
                        an OpenAI-compatible HTTP server (completions, chat,
                        streaming) with continuous batching, plus /health,
                        /v1/heartbeat, /v1/node, /metrics and /v1/jobs for an
                        orchestrator; a bearer token from --token-file

Run 'sovereign-agent COMMAND --help' for a command's options; docs/agent.md
describes job specs, events and checkpoints.
)";

} // namespace

int main(int argc, char **argv) {
    // libtorch's OpenMP threads spin while they wait (libgomp's default), and
    // the matrix products run on OpenBLAS's own threads: the spinning threads
    // take their cores. Passive waiting trained 1.45x faster here (docs/agent.md,
    // "Threads"). libgomp reads OMP_WAIT_POLICY once, as it loads, before
    // main: so set it and start again, unless the user chose a policy.
    if (!std::getenv("OMP_WAIT_POLICY")) {
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
        execv("/proc/self/exe", argv);
        // No /proc: go on with spinning threads, slower but correct.
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("sovereign-agent");
    QCoreApplication::setApplicationVersion(QStringLiteral(SOVEREIGN_VERSION));
    const QStringList args = QCoreApplication::arguments();
    using namespace sovereign::agentcli;
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h") {
        std::fputs(kHelp, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? Usage : Ok;
    }
    const QString command = args[1];
    const QString sub = args.size() > 2 ? args[2] : QString();
    if (command == "info")
        return infoCommand(args.mid(1));
    if (command == "run")
        return runCommand(args.mid(1));
    if (command == "bench" && sub == "train")
        return benchTrainCommand(args.mid(2));
    if (command == "tokenizer" && sub == "train")
        return tokenizerTrainCommand(args.mid(2));
    if (command == "corpus")
        return corpusCommand(args.mid(1));
    if (command == "forward")
        return forwardCommand(args.mid(1));
    if (command == "generate")
        return generateCommand(args.mid(1));
    if (command == "bench" && sub == "generate")
        return benchGenerateCommand(args.mid(2));
    if (command == "convert")
        return convertCommand(args.mid(1));
    if (command == "model" && sub == "random")
        return modelRandomCommand(args.mid(2));
    if (command == "serve")
        return serveCommand(args.mid(1));
    std::fprintf(stderr, "sovereign-agent: unknown command '%s'\n\n%s",
                 qPrintable(args.mid(1, 2).join(' ')), kHelp);
    return Usage;
}
