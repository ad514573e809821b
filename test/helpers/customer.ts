// Posts customer messages to the generic channel over real HTTP.
export interface PostResult {
  status: number;
  // Whatever the server answered (an acknowledgement or an error); tests assert on its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function postCustomerMessage(
  baseUrl: string,
  channelId: string,
  secret: string,
  message: unknown,
): Promise<PostResult> {
  const response = await fetch(`${baseUrl}/channels/api/${channelId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: typeof message === 'string' ? message : JSON.stringify(message),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
