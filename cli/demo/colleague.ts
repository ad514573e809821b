// A simulated colleague for the demo: a real operator client that answers its dialogs after a
// short think time and closes them, so queues move while the newcomer watches.
import { randomUUID } from 'node:crypto';
import { httpApiClient, wsApiClient, type LiveConnection } from '../api-client';

const ANSWERS = [
  'Добрый день! Сейчас проверю.',
  'Готово, проблема решена.',
  'Передал в службу доставки, ответ придёт на почту.',
];

export async function startColleague(
  url: string,
  wsUrl: string,
  login: string,
  password: string,
): Promise<LiveConnection> {
  const { token } = await httpApiClient(url).auth.login.mutate({ login, password });
  const live = wsApiClient(wsUrl, token);
  const { lastEventId } = await live.client.operator.snapshot.query();
  // Answers each dialog it is given after a short think time, then closes it.
  const answerLater = (conversationId: string): void => {
    const answer = (i: number) => {
      if (i === ANSWERS.length)
        return void live.client.operator.resolve.mutate({ conversationId, outcome: 'solved' }).catch(() => undefined);
      live.client.operator.send
        .mutate({ conversationId, clientId: randomUUID(), text: ANSWERS[i] })
        .then(() => setTimeout(() => answer(i + 1), 4000 + Math.random() * 6000))
        .catch(() => undefined);
    };
    setTimeout(() => answer(0), 3000 + Math.random() * 4000);
  };
  live.client.operator.events.subscribe(
    { lastEventId },
    {
      onData: ({ data }) => {
        for (const event of data) if (event.type === 'conversation.assigned') answerLater(event.conversation.id);
      },
    },
  );
  return live;
}
