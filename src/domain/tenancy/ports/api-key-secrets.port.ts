/** Makes and checks the secret part of API keys; the domain only ever sees hashes. */
export abstract class ApiKeySecrets {
  abstract generate(): { key: string; prefix: string; hash: string };
}
