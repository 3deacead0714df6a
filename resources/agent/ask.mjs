// Asks a model served by `sovereign-agent serve` through the official openai
// client (npm package "openai"), as any OpenAI application would:
//   OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 OPENAI_API_KEY=$(cat TOKEN) node ask.mjs "prompt"
import OpenAI from "openai";

const client = new OpenAI(); // reads OPENAI_BASE_URL and OPENAI_API_KEY
const prompt = process.argv[2] ?? "O gato";
const models = await client.models.list();
const model = models.data[0].id;

const completion = await client.completions.create({
  model, prompt, max_tokens: 32, temperature: 0,
});
console.log(`completion (${model}): ${prompt}${completion.choices[0].text}`);
console.log(`  usage: ${JSON.stringify(completion.usage)}`);

process.stdout.write("chat, streamed: ");
const stream = await client.chat.completions.create({
  model, stream: true, max_tokens: 32, temperature: 0.7, seed: 1,
  messages: [{ role: "user", content: prompt }],
});
for await (const chunk of stream)
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
process.stdout.write("\n");
