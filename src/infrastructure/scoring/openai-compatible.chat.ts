/**
 * The smallest client of an OpenAI-compatible chat completions API (`POST /v1/chat/completions`:
 * OpenAI, Azure OpenAI's compatible endpoint, Groq, Mistral, vLLM, Ollama, llama.cpp's server)
 * that asks for one JSON object and returns it parsed.
 *
 * Failures are ChatModelError, never an exception of the transport: unreachable, timed out,
 * refused (with the service's own message), or an answer that is not a JSON object. The API key
 * is sent only in the authorization header; any echo of it in a message is redacted.
 */

export interface ChatModelSettings {
  url: string;
  key: string | null;
  model: string;
  timeoutMs: number;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export class ChatModelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ChatModelError';
  }
}

/** How much of an answer is read at most (a JSON object of factors is a few KB). */
const MAX_ANSWER_CHARS = 1_000_000;

/** The endpoint for a base URL, with or without a trailing `/v1`. */
export function chatEndpoint(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v1$/i.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

/** Sends the messages, asks for a JSON object (temperature 0), and returns the object. */
export async function chatJson(
  settings: ChatModelSettings,
  messages: ChatMessage[],
  fetchImpl: FetchLike = fetch,
): Promise<Record<string, unknown>> {
  const redact = (text: string) => (settings.key ? text.split(settings.key).join('[redacted]') : text);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (settings.key) headers.authorization = `Bearer ${settings.key}`;
  const body = JSON.stringify({ model: settings.model, messages, temperature: 0, response_format: { type: 'json_object' } });
  let status: number;
  let text: string;
  try {
    const answer = await fetchImpl(chatEndpoint(settings.url), {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    status = answer.status;
    text = (await answer.text()).slice(0, MAX_ANSWER_CHARS);
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ChatModelError(`no answer within ${Math.round(settings.timeoutMs / 1000)} s`, true, null);
    }
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    throw new ChatModelError(
      redact(`unreachable: ${cause?.code ?? cause?.message ?? (error as Error)?.message ?? 'network error'}`),
      true,
      null,
    );
  }
  if (status < 200 || status >= 300) {
    const retryable = status === 408 || status === 429 || status >= 500;
    throw new ChatModelError(redact(`refused (HTTP ${status}): ${serviceMessage(text) ?? 'no message'}`), retryable, status);
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new ChatModelError('answered something that is not JSON', false, status);
  }
  const content = (envelope as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new ChatModelError('answered without a message', false, status);
  const parsed = parseObject(content);
  if (parsed === null) throw new ChatModelError('answered a message that is not a JSON object', false, status);
  return parsed;
}

/** A JSON object from a message, fenced in ```json or not. */
function parseObject(content: string): Record<string, unknown> | null {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/```\s*$/, '')
    .trim();
  try {
    const value = JSON.parse(unfenced) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function serviceMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.detail ?? body.message);
    return typeof message === 'string' ? message.slice(0, 300) : null;
  } catch {
    return text.trim() ? text.trim().slice(0, 300) : null;
  }
}
