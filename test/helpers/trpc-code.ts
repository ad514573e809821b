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

/** The tRPC error code and message a call failed with; fails the test if it succeeded. */
export async function failureOf(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return { code: error.data?.code, message: error.message };
    throw error;
  }
  throw new Error('the call succeeded');
}
