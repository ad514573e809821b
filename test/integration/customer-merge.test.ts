// Issue 18 §1, manual merge and unmerge on both stores: a merge keeps every identity and
// conversation, consoles hear of it, an unmerge puts exactly the same rows back, and every misuse
// gets a clear error that changes nothing. Also the sticky rule widened to the customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identitySignature } from '../../server/channels/webchat/identity';
import { postCustomerMessage } from '../helpers/customer';
import { startIdentityDesk, type IdentityDesk } from '../helpers/identity-desk';
import { OperatorSession } from '../helpers/operator-session';
import { codeOf } from '../helpers/trpc-code';

describe.each(['sqlite', 'postgres'] as const)('merging customers on %s', { timeout: 60_000 }, (store) => {
  let desk: IdentityDesk;

  beforeAll(async () => {
    desk = await startIdentityDesk(store);
  });
  afterAll(async () => {
    await desk?.close();
  });

  const show = (customerId: string) => desk.sam.api.supervisor.customer.query({ customerId });
  /** What a customer holds, in a form two reads can be compared by. */
  async function holdings(customerId: string) {
    const c = await show(customerId);
    return {
      conversations: c.conversations.map((x) => x.id).sort(),
      contacts: c.contacts,
      identities: c.identities.map((i) => i.id).sort(),
      mergedInto: c.mergedInto,
    };
  }

  it('merges a WhatsApp customer into an e-mail one, tells the console, and unmerges exactly', async () => {
    await desk.mail.sendMail({ from: 'kate@example.com', to: 'support@shop.ru', subject: 'Hi', text: 'Mail' });
    const byMail = await desk.heldBy(desk.olga, 'kate@example.com');
    await desk.wa.customerText({ waId: '79005556677', name: 'Kate' }, 'WhatsApp');
    const byWa = await desk.heldBy(desk.olga, '79005556677');
    expect(byWa.customerId).not.toBe(byMail.customerId);
    const before = { into: await holdings(byMail.customerId), from: await holdings(byWa.customerId) };

    const { merge } = await desk.olga.api.operator.mergeCustomers.mutate({
      conversationId: byMail.id,
      customerId: byWa.customerId,
    });
    expect(merge).toMatchObject({
      intoCustomerId: byMail.customerId,
      fromCustomerId: byWa.customerId,
      mergedByName: 'Olga',
      unmergedAt: null,
      moved: { conversations: 1, contacts: 1, identities: 1, callbacks: 0 },
    });
    // The console holding the WhatsApp dialog sees it under the e-mail customer, and the merge.
    const moved = await desk.olga.waitFor(
      (e) =>
        e.type === 'conversation.updated' &&
        e.conversation.id === byWa.id &&
        e.conversation.customerId === byMail.customerId,
    );
    expect(moved).toBeDefined();
    await desk.olga.waitFor((e) => e.type === 'customer.merged' && e.mergeId === merge.id && !e.undone);
    const merged = await show(byMail.customerId);
    expect(merged.conversations.map((c) => c.channelId).sort()).toEqual(['mail', 'wa']);
    expect(merged.identities.map((i) => i.value).sort()).toEqual(['+79005556677', 'kate@example.com']);
    expect((await holdings(byWa.customerId)).mergedInto).toBe(byMail.customerId);
    // The merged customer's contact now writes as the survivor.
    await desk.wa.customerText({ waId: '79005556677', name: 'Kate' }, 'Again');
    await desk.olga.waitFor((e) => e.type === 'message.created' && e.message.text === 'Again');
    expect((await desk.olga.api.operator.customer.query({ conversationId: byWa.id })).customer.id).toBe(
      byMail.customerId,
    );

    const undone = await desk.sam.api.supervisor.unmergeCustomers.mutate({ mergeId: merge.id });
    expect(undone.merge).toMatchObject({ unmergedByName: 'Sam', unmergedBy: desk.sam.operatorId });
    expect(undone.merge.unmergedAt).toBeGreaterThanOrEqual(merge.mergedAt);
    expect({ into: await holdings(byMail.customerId), from: await holdings(byWa.customerId) }).toEqual(before);
    await desk.olga.waitFor(
      (e) =>
        e.type === 'conversation.updated' &&
        e.conversation.id === byWa.id &&
        e.conversation.customerId === byWa.customerId,
    );
    // The log keeps both steps, on both customers.
    const log = (await show(byWa.customerId)).merges;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: merge.id, mergedBy: desk.olga.operatorId, unmergedBy: desk.sam.operatorId });
  });

  it('gives clear errors for merging into itself, twice, unknown ids, and undoing twice', async () => {
    const a = await newCustomer('err-a');
    const b = await newCustomer('err-b');
    const c = await newCustomer('err-c');
    const merges = desk.sam.api.supervisor;
    expect(await codeOf(merges.mergeCustomers.mutate({ intoCustomerId: a, fromCustomerId: a }))).toBe('BAD_REQUEST');
    expect(await codeOf(merges.mergeCustomers.mutate({ intoCustomerId: a, fromCustomerId: 'nobody' }))).toBe(
      'NOT_FOUND',
    );
    const { merge } = await merges.mergeCustomers.mutate({ intoCustomerId: a, fromCustomerId: b });
    const twice = merges.mergeCustomers.mutate({ intoCustomerId: a, fromCustomerId: b });
    await expect(twice).rejects.toThrow(`customer ${b} was merged into ${a}: merge with ${a} instead`);
    expect(await codeOf(merges.mergeCustomers.mutate({ intoCustomerId: b, fromCustomerId: c }))).toBe('CONFLICT');
    // A later merge of the survivor holds b's rows too: it must be undone first.
    const later = (await merges.mergeCustomers.mutate({ intoCustomerId: c, fromCustomerId: a })).merge;
    await expect(merges.unmergeCustomers.mutate({ mergeId: merge.id })).rejects.toThrow(/undo that merge first/);
    await merges.unmergeCustomers.mutate({ mergeId: later.id });
    await merges.unmergeCustomers.mutate({ mergeId: merge.id });
    expect(await codeOf(merges.unmergeCustomers.mutate({ mergeId: merge.id }))).toBe('CONFLICT');
    expect(await codeOf(merges.unmergeCustomers.mutate({ mergeId: 'no-such-merge' }))).toBe('NOT_FOUND');
    expect((await show(b)).mergedInto).toBeNull();
    expect((await show(a)).mergedInto).toBeNull();
  });

  it('keeps what arrived after the merge with the survivor when unmerging', async () => {
    await desk.mail.sendMail({ from: 'lena@example.com', to: 'support@shop.ru', subject: 'Hi', text: 'Mail' });
    const byMail = await desk.heldBy(desk.olga, 'lena@example.com');
    const visitor = await desk.visitor();
    const welcome = await visitor.hello({});
    if (welcome.type !== 'welcome') throw new Error('no welcome');
    await visitor.say('m1', 'anonymous');
    const byChat = await desk.heldBy(desk.olga, welcome.contactId);
    const { merge } = await desk.olga.api.operator.mergeCustomers.mutate({
      conversationId: byMail.id,
      customerId: byChat.customerId,
    });
    // After the merge, a signed hello from another visitor with Lena's address links to the survivor.
    const later = await desk.visitor();
    const signed = await later.hello({
      identity: { email: 'lena@example.com', signature: identitySignature('lena@example.com', desk.widgetSecret) },
    } as never);
    if (signed.type !== 'welcome') throw new Error('no welcome');
    await later.say('m1', 'signed in');
    const bySigned = await desk.heldBy(desk.olga, signed.contactId);
    expect(bySigned.customerId).toBe(byMail.customerId);
    await desk.sam.api.supervisor.unmergeCustomers.mutate({ mergeId: merge.id });
    expect((await show(byChat.customerId)).conversations.map((c) => c.id)).toEqual([byChat.id]);
    expect((await show(byMail.customerId)).conversations.map((c) => c.id).sort()).toEqual(
      [byMail.id, bySigned.id].sort(),
    );
  });

  it('refuses malformed merge input (NUL, oversize, extra fields) and changes nothing', async () => {
    const a = await newCustomer('bad-a');
    const api = desk.sam.api;
    for (const bad of [
      { intoCustomerId: a, fromCustomerId: 'x\u0000y' },
      { intoCustomerId: a, fromCustomerId: 'x'.repeat(200) },
      { intoCustomerId: a, fromCustomerId: '' },
      { intoCustomerId: a, fromCustomerId: 'x', extra: true },
    ])
      expect(await codeOf(api.supervisor.mergeCustomers.mutate(bad as never))).toBe('BAD_REQUEST');
    expect(await codeOf(api.supervisor.unmergeCustomers.mutate({ mergeId: 'x\u0000' }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.operator.mergeCustomers.mutate({ conversationId: 'x'.repeat(200), customerId: a }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(api.supervisor.customer.query({ customerId: 'a\u0000' }))).toBe('BAD_REQUEST');
    expect((await show(a)).merges).toEqual([]);
  });

  it('routes a customer writing on a second channel to the operator holding their first dialog, if she has room', async () => {
    await desk.mail.sendMail({ from: 'mila@example.com', to: 'support@shop.ru', subject: 'Hi', text: 'one' });
    const first = await desk.heldBy(desk.olga, 'mila@example.com');
    // Pavel comes online freer than Olga: without the sticky rule the next dialog would be his.
    await desk.t.admin.admin.createOperator.mutate({
      login: 'pavel',
      name: 'Pavel',
      password: 'pavel-password',
      capacity: 10,
    });
    await desk.sam.api.supervisor.setOperatorCapacity.mutate({ operatorId: desk.olga.operatorId, capacity: 50 });
    const pavel = await OperatorSession.connect(desk.t.server, 'pavel', 'pavel-password');
    const olgaLoad = async () =>
      (await desk.sam.api.supervisor.snapshot.query()).operators.find((o) => o.id === desk.olga.operatorId)!.load;
    try {
      await desk.sam.api.supervisor.setOperatorCapacity.mutate({
        operatorId: desk.olga.operatorId,
        capacity: (await olgaLoad()) + 2,
      });
      const visitor = await desk.visitor();
      const signed = await visitor.hello({
        identity: { email: 'mila@example.com', signature: identitySignature('mila@example.com', desk.widgetSecret) },
      } as never);
      if (signed.type !== 'welcome') throw new Error('no welcome');
      await visitor.say('m1', 'two');
      const second = await assignedTo(signed.contactId);
      expect(second.customerId).toBe(first.customerId);
      expect(second.operatorId).toBe(desk.olga.operatorId);

      // No room left with Olga: the customer's third channel goes to whoever has room.
      await desk.sam.api.supervisor.setOperatorCapacity.mutate({
        operatorId: desk.olga.operatorId,
        capacity: await olgaLoad(),
      });
      const again = await desk.visitor();
      const signedAgain = await again.hello({
        identity: { email: 'mila@example.com', signature: identitySignature('mila@example.com', desk.widgetSecret) },
      } as never);
      if (signedAgain.type !== 'welcome') throw new Error('no welcome');
      await again.say('m1', 'three');
      const third = await assignedTo(signedAgain.contactId);
      expect(third.customerId).toBe(first.customerId);
      expect(third.operatorId).toBe(pavel.operatorId);
    } finally {
      await desk.sam.api.supervisor.setOperatorCapacity.mutate({ operatorId: desk.olga.operatorId, capacity: 50 });
      await pavel.close();
    }
  });

  /** The dialog for a contact once it is assigned to anyone, as supervisors see it. */
  async function assignedTo(contactId: string) {
    const event = await desk.sam.waitFor(
      (e) => e.type === 'conversation.assigned' && e.conversation.contactId === contactId,
    );
    if (event.type !== 'conversation.assigned') throw new Error('not assigned');
    return event.conversation;
  }

  /** A customer of the API channel (which links no one), by its contact id. */
  async function newCustomer(contactId: string): Promise<string> {
    const posted = await postCustomerMessage(desk.t.server.url, 'api', desk.apiSecret, {
      id: `${contactId}-1`,
      contact: { id: contactId },
      text: 'hello',
    });
    expect(posted.status).toBe(202);
    const conversation = await desk.heldBy(desk.olga, contactId);
    return conversation.customerId;
  }
});
