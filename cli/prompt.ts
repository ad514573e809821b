// Asking for a password at the terminal without echoing it.
import readline from 'node:readline';

export async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('no password given: set TEXTDESK_PASSWORD or run in a terminal');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    // Echo the prompt itself, mask everything typed after it.
    write.call(rl, s.startsWith(question) ? question : '*'.repeat(s.length));
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

export async function passwordFromEnvOrPrompt(login: string): Promise<string> {
  return process.env.TEXTDESK_PASSWORD ?? (await promptHidden(`Password for ${login}: `));
}
