/** Where a sealed Twilio secret belongs: binds the ciphertext to its workspace and field. */
export function secretContext(workspaceId: string, field: 'authToken' | 'apiKeySecret'): string {
  return `twilio:${workspaceId}:${field}`;
}
