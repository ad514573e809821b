// What a call ended with, as the API reports it: its tRPC error code, or OK.
import { TRPCClientError } from '@trpc/client';

export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error.data?.code;
    throw error;
  }
  return 'OK';
}
