import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible chat completions API, `POST /v1/chat/completions`
 * (OpenAI, Groq, Mistral, vLLM, Ollama, llama.cpp's server).
 *
 * It checks the bearer key, records every request (parsed), and answers from a queue, or from a
 * responder that reads the request: the message content is what a model would say. Helpers make
 * the answers the model scorer must survive:
 *
 *  - `answersWell(content)`   a 200 with `content` as the assistant message (an object is sent as JSON);
 *  - `answersBadly()`         a 200 whose message is not JSON at all;
 *  - `answersSlowly(ms, c)`   the same, after `ms` milliseconds (past the client's timeout);
 *  - `invents(quotes)`        factors quoting words nobody said;
 *  - `refuses(status)`        OpenAI's error body (the key echoed in full, so tests prove the client redacts it).
 *
 *   const fake = await FakeChatCompletionsServer.start({ key: 'sk-test' });
 *   fake.enqueue(answersWell({ factors: [...] }));
 *   // SCORING_MODEL_API_URL = fake.baseUrl (or `${fake.baseUrl}/v1`)
 */

export interface FakeChatAnswer {
  status?: number;
  /** The assistant message: an object is sent as its JSON text. */
  content?: unknown;
  /** A raw response body instead of a chat completion envelope. */
  body?: string;
  delayMs?: number;
  /** Drop the connection instead of answering. */
  destroy?: boolean;
}

export interface RecordedChat {
  path: string;
  bearer: string | null;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    temperature?: number;
    response_format?: { type?: string };
  } | null;
  status: number | null;
}

export const answersWell = (content: unknown): FakeChatAnswer => ({ status: 200, content });
export const answersBadly = (): FakeChatAnswer => ({
  status: 200,
  content: 'Sure! Here are the factors: otp_request (very likely), urgency.',
});
export const answersSlowly = (delayMs: number, content: unknown = { factors: [] }): FakeChatAnswer => ({ status: 200, content, delayMs });
export const invents = (...quotes: string[]): FakeChatAnswer => ({
  status: 200,
  content: { factors: [{ code: 'otp_request', weight: 0.9, quotes }] },
});
export const refuses = (status: number, message = 'The server had an error while processing your request.'): FakeChatAnswer => ({
  status,
  body: JSON.stringify({ error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', code: null } }),
});

export class FakeChatCompletionsServer {
  readonly requests: RecordedChat[] = [];
  private readonly queue: FakeChatAnswer[] = [];
  private responder: ((request: RecordedChat) => FakeChatAnswer) | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(
    private readonly server: http.Server,
    private readonly key: string | null,
  ) {}

  static async start(options: { key?: string | null } = {}): Promise<FakeChatCompletionsServer> {
    const server = http.createServer();
    const fake = new FakeChatCompletionsServer(server, options.key ?? null);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  enqueue(...answers: FakeChatAnswer[]): this {
    this.queue.push(...answers);
    return this;
  }

  /** Answers every request not served by the queue. */
  respond(responder: (request: RecordedChat) => FakeChatAnswer): this {
    this.responder = responder;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const auth = req.headers.authorization ?? '';
    const recorded: RecordedChat = {
      path: req.url ?? '',
      bearer: auth.startsWith('Bearer ') ? auth.slice(7) : null,
      body: parse(Buffer.concat(chunks).toString('utf8')),
      status: null,
    };
    this.requests.push(recorded);
    const send = (status: number, body: string) => {
      recorded.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    };
    if (req.method !== 'POST' || recorded.path !== '/v1/chat/completions')
      return send(404, JSON.stringify({ error: { message: `Unknown path ${recorded.path}` } }));
    if (this.key !== null && recorded.bearer !== this.key) {
      return send(
        401,
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${recorded.bearer ?? ''}.`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      );
    }
    if (!recorded.body?.model || !Array.isArray(recorded.body.messages))
      return send(400, JSON.stringify({ error: { message: 'model and messages are required' } }));
    const answer = this.queue.shift() ?? this.responder?.(recorded) ?? answersWell({ factors: [] });
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.destroy) {
      req.socket.destroy();
      return;
    }
    if (res.destroyed || req.socket.destroyed) return;
    if (answer.body !== undefined) return send(answer.status ?? 200, answer.body);
    const content = typeof answer.content === 'string' ? answer.content : JSON.stringify(answer.content ?? {});
    send(
      answer.status ?? 200,
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: recorded.body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      }),
    );
  }
}

function parse(text: string): RecordedChat['body'] {
  try {
    return JSON.parse(text) as RecordedChat['body'];
  } catch {
    return null;
  }
}
