// Contact-centre chat text for the search bench, quickly and reproducibly: Russian and English
// sentences of 4–16 words from a few hundred words each, common words far more often than rare
// ones (roughly as in real text), with order numbers and e-mail addresses now and then.
const RU = `здравствуйте добрый день спасибо пожалуйста заказ заказа заказу доставка доставки доставку курьер
оплата оплаты карта карты возврат возврата деньги товар товара размер цвет адрес адреса магазин сайт
приложение пароль вход аккаунт личный кабинет номер телефон почта письмо ответ вопрос помогите подскажите
когда где почему сколько можно нужно хочу могу будет было пришёл пришел пришла не получил получила
отменить изменить перенести оформить проверить уточнить срок сроки неделя завтра сегодня вчера утром
вечером скидка промокод акция бонусы баллы чек квитанция счёт счет договор гарантия ремонт сервис
оператор менеджер жалоба претензия качество брак сломался разбился упаковка коробка склад пункт выдачи
самовывоз ёлка ёлки игрушка подарок праздник новый год холодильник телефон ноутбук наушники кабель
зарядка батарея экран клавиатура мышь принтер картридж бумага стол стул диван кровать матрас шкаф
лампа чайник кофе чай молоко хлеб сыр масло вода сок фрукты овощи мясо рыба курица`.split(/\s+/);
const EN = `hello hi thanks please order orders delivery shipping courier payment card refund money item
size colour address store website app password login account number phone email letter answer question
help when where why how much can need want will was arrived received cancel change reschedule check
confirm deadline week tomorrow today yesterday morning evening discount coupon promo bonus points
receipt invoice contract warranty repair service operator manager complaint quality broken damaged
package box warehouse pickup gift holiday fridge laptop headphones cable charger battery screen
keyboard mouse printer cartridge paper table chair sofa bed mattress wardrobe lamp kettle coffee tea
milk bread cheese butter water juice`.split(/\s+/);

/** A small fast PRNG (mulberry32): the same seed, the same text. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Skewed towards the start of each list: the first words are the common ones.
const pick = (words: readonly string[], random: () => number) => words[Math.floor(random() ** 2.5 * words.length)];

export function chatText(random: () => number): string {
  const words = random() < 0.7 ? RU : EN;
  const length = 4 + Math.floor(random() * 13);
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(pick(words, random));
  if (random() < 0.1) out.push(`№${Math.floor(random() * 1_000_000)}`);
  if (random() < 0.03) out.push(`user${Math.floor(random() * 50_000)}@example.com`);
  const sentence = out.join(' ');
  return sentence[0].toUpperCase() + sentence.slice(1) + (random() < 0.3 ? '?' : '.');
}
