// Issue 18 §1, automatic linking: a new contact joins the customer who holds one of its verified
// identities (an e-mail sender, a provider's phone, a site-signed address), and never on a name
// or a typed address. One server per store; each test uses addresses of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identitySignature } from '../../server/channels/webchat/identity';
import { postCustomerMessage } from '../helpers/customer';
import { startIdentityDesk, type IdentityDesk } from '../helpers/identity-desk';

describe.each(['sqlite', 'postgres'] as const)(
  'linking customers across channels on %s',
  { timeout: 60_000 },
  (store) => {
    let desk: IdentityDesk;

    beforeAll(async () => {
      desk = await startIdentityDesk(store);
    });
    afterAll(async () => {
      await desk?.close();
    });

    const customerOf = (conversationId: string) => desk.olga.api.operator.customer.query({ conversationId });

    it('links a web chat visitor who writes with a site-signed address to the customer who e-mailed from it', async () => {
      await desk.mail.sendMail({
        from: 'Anna <Anna@Example.com>',
        to: 'support@shop.ru',
        subject: 'Order',
        text: 'Hi',
      });
      const byMail = await desk.heldBy(desk.olga, 'anna@example.com');
      const visitor = await desk.visitor();
      const welcome = await visitor.hello({
        identity: { email: 'anna@example.com', signature: identitySignature('anna@example.com', desk.widgetSecret) },
      } as never);
      expect(welcome.type).toBe('welcome');
      if (welcome.type !== 'welcome') return;
      await visitor.say('m1', 'It is me again, on the site');
      const byChat = await desk.heldBy(desk.olga, welcome.contactId);

      expect(byChat.customerId).toBe(byMail.customerId);
      const card = await customerOf(byChat.id);
      expect(card.conversations.map((c) => c.channelId).sort()).toEqual(['mail', 'widget']);
      expect(card.identities.map((i) => [i.kind, i.value, i.source, i.verified])).toEqual([
        ['email', 'anna@example.com', 'email-sender', true],
      ]);
    });

    it('refuses a hello whose signature is forged, and links nothing', async () => {
      await desk.mail.sendMail({ from: 'boris@example.com', to: 'support@shop.ru', subject: 'Q', text: 'Question' });
      const byMail = await desk.heldBy(desk.olga, 'boris@example.com');
      const visitor = await desk.visitor();
      const forged = await visitor.hello({
        identity: { email: 'boris@example.com', signature: identitySignature('boris@example.com', 'not-the-secret') },
      } as never);
      expect(forged).toMatchObject({ type: 'error', error: expect.stringMatching(/signature does not match/) });
      expect(await visitor.say('m0', 'x')).toMatchObject({ type: 'error', error: 'say hello first' });
      // An unsigned address is the site's say-so: the visitor stays a customer of their own.
      const unsigned = await desk.visitor();
      const plain = await unsigned.hello({ email: 'boris@example.com' } as never);
      if (plain.type !== 'welcome') throw new Error('no welcome');
      await unsigned.say('m1', 'hello');
      const byChat = await desk.heldBy(desk.olga, plain.contactId);
      expect(byChat.customerId).not.toBe(byMail.customerId);
      expect((await customerOf(byChat.id)).identities).toEqual([]);
    });

    it('refuses a malformed identity in hello (NUL, oversize, not hex) and changes nothing', async () => {
      const visitor = await desk.visitor();
      for (const identity of [
        { email: 'a\u0000@example.com', signature: 'a'.repeat(64) },
        { email: `${'a'.repeat(300)}@example.com`, signature: 'a'.repeat(64) },
        { email: 'a@example.com', signature: 'z'.repeat(64) },
        { email: 'a@example.com', signature: 'a'.repeat(64), extra: 1 },
      ]) {
        const answer = await visitor.hello({ identity } as never);
        expect(answer).toMatchObject({ type: 'error', error: expect.stringMatching(/invalid frame: identity/) });
      }
      expect(await visitor.say('m1', 'x')).toMatchObject({ type: 'error', error: 'say hello first' });
    });

    it('links an SMS sender to the WhatsApp customer with the same number, national form read in the region', async () => {
      const sent = await desk.wa.customerText({ waId: '79001112233', name: 'Вера' }, 'Где заказ?');
      expect(sent.status).toBe(200);
      const byWhatsApp = await desk.heldBy(desk.olga, '79001112233');
      await desk.smsc.mo('+79001112233', 'И по SMS');
      const bySms = await desk.heldBy(desk.olga, '+79001112233');
      // A national number (TON 2) is read in TEXTDESK_PHONE_REGION (RU here): the same person.
      await desk.smsc.mo('89001112233', 'С другого шлюза', { ton: 2 });
      const byNational = await desk.heldBy(desk.olga, '89001112233');
      expect(bySms.customerId).toBe(byWhatsApp.customerId);
      expect(byNational.customerId).toBe(byWhatsApp.customerId);
      const card = await customerOf(bySms.id);
      expect(card.identities.map((i) => [i.value, i.source])).toEqual([['+79001112233', 'whatsapp-sender']]);
      expect(card.conversations).toHaveLength(3);
    });

    it('never links on a name, an unverified address, or a typed pre-chat address', async () => {
      await desk.mail.sendMail({
        from: 'Ivan Petrov <ivan@example.com>',
        to: 'support@shop.ru',
        subject: 'A',
        text: 'A',
      });
      const byMail = await desk.heldBy(desk.olga, 'ivan@example.com');
      // The generic API channel passes what the integrator says: shown, never trusted.
      const posted = await postCustomerMessage(desk.t.server.url, 'api', desk.apiSecret, {
        id: 'api-1',
        contact: { id: 'crm-77', name: 'Ivan Petrov', email: 'ivan@example.com' },
        text: 'From the CRM',
      });
      expect(posted.status).toBe(202);
      const byApi = await desk.heldBy(desk.olga, 'crm-77');
      expect(byApi.customerId).not.toBe(byMail.customerId);
      // The pre-chat form's address is typed: kept unverified, never linked on.
      await desk.t.admin.admin.updateChannel.mutate({
        id: 'widget',
        settings: { prechat: { name: 'off', email: 'optional', consent: null } },
      });
      const visitor = await desk.visitor();
      const welcome = await visitor.hello({ name: 'Ivan Petrov' });
      if (welcome.type !== 'welcome') throw new Error('no welcome');
      visitor.sendRaw({ type: 'profile', email: 'ivan@example.com' });
      await visitor.say('m1', 'typed my address');
      const byChat = await desk.heldBy(desk.olga, welcome.contactId);
      expect(byChat.customerId).not.toBe(byMail.customerId);
      const card = await customerOf(byChat.id);
      expect(card.identities.map((i) => [i.value, i.source, i.verified])).toEqual([
        ['ivan@example.com', 'prechat', false],
      ]);
      expect((await customerOf(byMail.id)).conversations.map((c) => c.channelId)).toEqual(['mail']);
    });
  },
);
