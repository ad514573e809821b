// A desk with every channel that vouches for an identity (issue 18 §1): e-mail (the real SMTP
// listener), WhatsApp (the loopback Cloud API), SMS (the fake SMSC), the web chat, and the
// generic API channel (which vouches for nothing). Olga answers all of them; Sam supervises.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Conversation } from '../../shared/schemas';
import { FakeSmsc } from '../providers/smsc';
import { WhatsAppCloudApi } from '../providers/whatsapp-cloud-api';
import { RelaySink } from './mail-desk';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';
import { WebchatVisitor } from './webchat-visitor';

const PHONE_NUMBER_ID = '106540352242922';
const WA = {
  accessToken: 'EAAG-test-access-token-1234',
  appSecret: 'app-secret-5f2b8c1d',
  verifyToken: 'verify-me-42',
};

export interface IdentityDesk {
  t: TestServer;
  olga: OperatorSession;
  sam: OperatorSession;
  /** Secrets of the web chat (signs identities) and of the API channel. */
  widgetSecret: string;
  apiSecret: string;
  wa: WhatsAppCloudApi;
  smsc: FakeSmsc;
  mail: Transporter;
  /** The conversation a contact's message opened, once Olga holds it. */
  heldBy(olga: OperatorSession, contactId: string): Promise<Conversation>;
  visitor(): Promise<WebchatVisitor>;
  close(): Promise<void>;
}

export async function startIdentityDesk(store: 'sqlite' | 'postgres'): Promise<IdentityDesk> {
  const relay = new RelaySink();
  const relayPort = await relay.start();
  const wa = new WhatsAppCloudApi({ phoneNumberId: PHONE_NUMBER_ID, ...WA });
  const waUrl = await wa.start();
  const smsc = new FakeSmsc();
  const smscPort = await smsc.start();
  const t = await startTestServer({ store, smtpPort: 0, phoneRegion: 'RU' });
  const { admin } = t.admin;
  await admin.createQueue.mutate({ id: 'general', name: 'General' });
  await admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 50 });
  await admin.createOperator.mutate({
    login: 'sam',
    name: 'Sam',
    password: 'sam-password-1',
    role: 'supervisor',
    capacity: 0,
  });
  await admin.createChannel.mutate({
    id: 'mail',
    name: 'Mail',
    queueId: 'general',
    adapter: 'email',
    medium: 'email',
    settings: { address: 'support@shop.ru', company: 'Shop', relayHost: '127.0.0.1', relayPort, relaySecure: false },
  });
  await admin.createChannel.mutate({
    id: 'wa',
    name: 'WhatsApp',
    queueId: 'general',
    adapter: 'whatsapp',
    medium: 'messenger',
    settings: { apiUrl: waUrl, phoneNumberId: PHONE_NUMBER_ID },
    credentials: WA,
  });
  wa.webhookUrl = `${t.server.url}/channels/whatsapp/wa/webhook`;
  await admin.createChannel.mutate({
    id: 'sms',
    name: 'SMS',
    queueId: 'general',
    adapter: 'sms',
    medium: 'sms',
    settings: { host: '127.0.0.1', port: smscPort, sourceAddr: 'Shop', sourceTon: 5, sourceNpi: 0 },
    credentials: { systemId: 'textdesk', password: 'secret12' },
  });
  const widgetSecret = (
    await admin.createChannel.mutate({ id: 'widget', name: 'Site', queueId: 'general', adapter: 'webchat' })
  ).secret;
  const apiSecret = (await admin.createChannel.mutate({ id: 'api', name: 'API', queueId: 'general' })).secret;
  await smsc.waitFor(() => smsc.boundSessions === 1);
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const sam = await OperatorSession.connect(t.server, 'sam', 'sam-password-1', { subscribe: 'supervisor' });
  const mail = nodemailer.createTransport({
    host: '127.0.0.1',
    port: t.server.listenerPorts.smtp,
    secure: false,
    ignoreTLS: true,
  });
  const visitors: WebchatVisitor[] = [];
  return {
    t,
    olga,
    sam,
    widgetSecret,
    apiSecret,
    wa,
    smsc,
    mail,
    async heldBy(operator, contactId) {
      const event = await operator.waitFor(
        (e) => e.type === 'conversation.assigned' && e.conversation.contactId === contactId,
      );
      if (event.type !== 'conversation.assigned') throw new Error('not an assignment');
      return event.conversation;
    },
    async visitor() {
      const v = await WebchatVisitor.open(t.server.wsUrl, 'widget');
      visitors.push(v);
      return v;
    },
    async close() {
      for (const v of visitors) v.close();
      mail.close();
      await wa.settled();
      await olga.close();
      await sam.close();
      await t.close();
      await wa.close();
      await smsc.stop();
      await relay.close();
    },
  };
}
