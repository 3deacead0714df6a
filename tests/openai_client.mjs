// Node.js's official openai client (npm openai@4) against `sovereign-agent
// serve`: completions, chat, streaming, a bad token, requests over the
// limits, a client that goes away mid-stream. Run by openai_client_test.sh,
// which installs the client and starts the agent; the environment says where:
//   OPENAI_BASE_URL     http://127.0.0.1:PORT/v1
//   OPENAI_API_KEY      the agent's token
//   OPENAI_CLIENT_DIR   the folder whose node_modules holds openai
// Prints "ok - NAME" or "not ok - NAME: why" per check; exits 1 on a failure.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.OPENAI_CLIENT_DIR, 'package.json'));
const OpenAI = require('openai');
const baseURL = process.env.OPENAI_BASE_URL;
const apiKey = process.env.OPENAI_API_KEY;
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60000 });

let failures = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`ok - ${name}`);
  } catch (error) {
    failures += 1;
    console.log(`not ok - ${name}: ${error && error.stack ? error.stack : error}`);
  }
}

async function heartbeat() {
  const response = await fetch(`${baseURL}/heartbeat`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  assert.equal(response.status, 200);
  return response.json();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let model = '';
const messages = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Tell me about cats.' },
];

await check('models.list names the model', async () => {
  const models = await client.models.list();
  assert.equal(models.data.length, 1);
  model = models.data[0].id;
  assert.equal(models.data[0].object, 'model');
  assert.equal(models.data[0].owned_by, 'sovereign');
});

await check('completions, and the same text streamed', async () => {
  const request = { model, prompt: 'The cat', max_tokens: 12, temperature: 0 };
  const r = await client.completions.create(request);
  assert.equal(r.object, 'text_completion');
  assert.equal(r.model, model);
  assert.equal(r.choices.length, 1);
  assert.equal(typeof r.choices[0].text, 'string');
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
  const stream = await client.completions.create({ ...request, stream: true });
  let text = '';
  let finish = null;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'text_completion');
    text += chunk.choices[0]?.text ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(text, r.choices[0].text);
  assert.equal(finish, r.choices[0].finish_reason);
});

await check('chat completions', async () => {
  const r = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0 });
  assert.equal(r.object, 'chat.completion');
  assert.equal(r.choices[0].message.role, 'assistant');
  assert.equal(typeof r.choices[0].message.content, 'string');
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.ok(r.usage.prompt_tokens > 0);
});

await check('chat streaming gives the greedy text', async () => {
  const request = { model, messages, max_tokens: 24, temperature: 0 };
  const whole = await client.chat.completions.create(request);
  const stream = await client.chat.completions.create({ ...request, stream: true });
  let text = '';
  let role = null;
  let finish = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    assert.equal(chunk.object, 'chat.completion.chunk');
    role = role ?? chunk.choices[0]?.delta?.role ?? null;
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.ok(chunks >= 2);
  assert.equal(role, 'assistant');
  assert.equal(text, whole.choices[0].message.content);
  assert.equal(finish, whole.choices[0].finish_reason);
});

await check('a wrong token is an AuthenticationError (401)', async () => {
  const stranger = new OpenAI({ baseURL, apiKey: 'not-the-token', maxRetries: 0 });
  await assert.rejects(stranger.models.list(), (e) => {
    assert.ok(e instanceof OpenAI.AuthenticationError, `got ${e}`);
    assert.equal(e.status, 401);
    assert.equal(e.code, 'invalid_api_key');
    return true;
  });
  await assert.rejects(
    stranger.chat.completions.create({ model, messages, max_tokens: 2 }),
    OpenAI.AuthenticationError,
  );
});

await check('a prompt longer than the context is a 400 context_length_exceeded', async () => {
  await assert.rejects(
    client.completions.create({ model, prompt: 'word '.repeat(400), max_tokens: 4 }),
    (e) => {
      assert.ok(e instanceof OpenAI.APIError, `got ${e}`);
      assert.equal(e.status, 400);
      assert.equal(e.code, 'context_length_exceeded');
      assert.equal(e.param, 'prompt');
      return true;
    },
  );
});

await check('a body over --max-body-bytes is a 413', async () => {
  await assert.rejects(
    client.completions.create({ model, prompt: 'a'.repeat(100000), max_tokens: 4 }),
    (e) => {
      assert.ok(e instanceof OpenAI.APIError, `got ${e}`);
      assert.equal(e.status, 413);
      return true;
    },
  );
});

await check('n = 2 is a BadRequestError naming n', async () => {
  await assert.rejects(
    client.chat.completions.create({ model, messages, n: 2, max_tokens: 2 }),
    (e) => {
      assert.ok(e instanceof OpenAI.BadRequestError, `got ${e}`);
      assert.equal(e.param, 'n');
      return true;
    },
  );
});

await check('an abort mid-stream stops the sequence; the next request works', async () => {
  const before = await heartbeat();
  assert.equal(before.active, 0);
  const controller = new AbortController();
  // 90 tokens at the test's 20 ms a step: 1.8 s if nobody stopped it.
  const stream = await client.chat.completions.create(
    { model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 90, ignore_eos: true, stream: true },
    { signal: controller.signal },
  );
  let chunks = 0;
  try {
    for await (const chunk of stream) {
      chunks += 1;
      if (chunks === 2) controller.abort();
    }
  } catch (e) {
    if (!(e instanceof OpenAI.APIUserAbortError) && e.name !== 'AbortError') throw e;
  }
  const aborted = Date.now();
  assert.ok(chunks >= 2 && chunks < 50, `${chunks} chunks`);
  let now = await heartbeat();
  while (now.active !== 0 && Date.now() - aborted < 5000) {
    await sleep(20);
    now = await heartbeat();
  }
  const ms = Date.now() - aborted;
  const generated = now.tokens_generated - before.tokens_generated;
  console.log(`  stopped ${ms} ms after the abort (${chunks} chunks read), ${generated} tokens generated`);
  assert.equal(now.active, 0);
  assert.ok(ms < 1000 && generated < 80, `${ms} ms to stop, ${generated} tokens generated`);
  const after = await client.chat.completions.create({ model, messages, max_tokens: 4 });
  assert.equal(after.choices.length, 1);
});

console.log(failures ? `${failures} checks failed` : 'all checks passed');
process.exitCode = failures ? 1 : 0;
