// The demo's sample shop (`/demo/site`): a small tea shop's pages with the chat widget's one-line
// embed, served on a loopback port of their own, so that a newcomer chats from a browser into
// their own console. Another port is another origin, as a real shop's site is: the widget goes
// cross-origin to the desk, and the demo's web chat channel lists this origin in allowedOrigins.
// The pages carry the CSP the README gives sites, so the demo shows that it is enough.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SITE_PATH = '/demo/site';

interface ShopPage {
  path: string;
  title: string;
  body: string;
}

const TEAS = [
  { name: 'Пуэр «Шу»', note: 'Юньнань, 2019 · 100 г', price: 890, tone: '#6b3e26' },
  { name: 'Те Гуань Инь', note: 'Аньси, весенний сбор · 50 г', price: 640, tone: '#7d9b4f' },
  { name: 'Да Хун Пао', note: 'Уишань, средняя обжарка · 50 г', price: 1150, tone: '#8c4a2f' },
  { name: 'Сенча', note: 'Сидзуока, первый сбор · 100 г', price: 720, tone: '#4f8a3c' },
  { name: 'Габа Алишань', note: 'Тайвань · 50 г', price: 980, tone: '#a0622d' },
  { name: 'Иван-чай', note: 'Алтай, ферментированный · 80 г', price: 390, tone: '#9a4c5b' },
];

const rub = (n: number) => `${n.toLocaleString('ru-RU')} ₽`;

const PAGES: ShopPage[] = [
  {
    path: SITE_PATH,
    title: 'Чайная лавка — каталог',
    body: `<section class="hero"><h1>Чай из первых рук</h1>
<p>Привозим сами, завариваем вместе. Спросите в чате справа внизу — ответит живой человек, прямо из консоли textdesk.</p></section>
<ul class="grid">${TEAS.map(
      (tea, i) => `<li class="card"><div class="swatch t${i}"></div><h2>${tea.name}</h2>
<p class="note">${tea.note}</p><p class="price">${rub(tea.price)}</p><a class="buy" href="${SITE_PATH}/cart">В корзину</a></li>`,
    ).join('')}</ul>`,
  },
  {
    path: `${SITE_PATH}/cart`,
    title: 'Корзина',
    body: `<section class="hero"><h1>Корзина</h1><p>Пуэр «Шу», 100 г — ${rub(890)}</p>
<p>Не получается оплатить или не нашли нужный чай? Напишите нам в чат — оператор увидит, что вы в корзине.</p>
<a class="buy" href="${SITE_PATH}/delivery">Доставка и оплата</a></section>`,
  },
  {
    path: `${SITE_PATH}/delivery`,
    title: 'Доставка и оплата',
    body: `<section class="hero"><h1>Доставка и оплата</h1><p>По Москве — курьером на следующий день, по России — СДЭК и Почтой.
Бесплатно от ${rub(3000)}.</p></section>`,
  },
];

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 Georgia,'PT Serif',serif;color:#2b2118;background:#f7f3ea}
header{display:flex;gap:24px;align-items:baseline;padding:18px 40px;background:#23392b;color:#f7f3ea}
header b{font-size:24px;letter-spacing:.5px}header a{color:#d8e4c8;text-decoration:none}header a:hover{text-decoration:underline}
main{max-width:1040px;margin:0 auto;padding:32px 40px 96px}.hero h1{margin:0 0 8px;font-size:32px}.hero p{max-width:640px}
.grid{list-style:none;padding:0;margin:32px 0 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:24px}
.card{background:#fffdf8;border:1px solid #e4dccb;border-radius:10px;padding:16px}
.swatch{height:120px;border-radius:8px;background:radial-gradient(circle at 30% 30%,#fff6,transparent 60%),var(--tone)}
.card h2{font-size:19px;margin:12px 0 2px}.note{margin:0;color:#6d6253;font-size:14px}.price{font-weight:bold;margin:8px 0}
.buy{display:inline-block;padding:6px 14px;border-radius:6px;background:#23392b;color:#fff;text-decoration:none}
footer{color:#8a7f6e;font-size:13px;text-align:center;padding:24px}
${TEAS.map((tea, i) => `.t${i}{--tone:${tea.tone}}`).join('')}`;

/** The CSP README.md gives a site, for a desk at `desk`. */
const csp = (desk: string) =>
  `default-src 'self'; script-src 'self' ${desk}; connect-src 'self' ${desk.replace(/^http/, 'ws')}; ` +
  `style-src 'self'; img-src 'self'`;

function html(page: ShopPage, desk: string, channelId: string): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title><link rel="stylesheet" href="${SITE_PATH}/shop.css"></head>
<body><header><b>Чайная лавка</b><a href="${SITE_PATH}">Каталог</a><a href="${SITE_PATH}/cart">Корзина</a>
<a href="${SITE_PATH}/delivery">Доставка</a></header>
<main>${page.body}</main><footer>Демо-магазин textdesk: всё, что вы напишете в чат, придёт в консоль оператора.</footer>
<!-- The widget's one-line embed, as a shop puts it on its own pages: -->
<script src="${desk}/widget.js" data-channel="${channelId}" data-color="#2f5d3f" async></script>
</body></html>`;
}

export interface DemoSite {
  /** The catalogue page, to open in a browser. */
  url: string;
  /** Every origin the pages may be opened from (127.0.0.1 and localhost): the channel's allowedOrigins. */
  origins: string[];
  close(): Promise<void>;
}

/** Listens on a free loopback port; `desk()` is the demo server's address, known once it runs. */
export async function startDemoSite(desk: () => string, channelId: string): Promise<DemoSite> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname.replace(/\/$/, '') || '/';
    if (path === '/') return void res.writeHead(302, { location: SITE_PATH }).end();
    // No icon, and no 404 for it in the browser's console beside the widget's messages.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === `${SITE_PATH}/shop.css`)
      return void res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(CSS);
    const page = PAGES.find((p) => p.path === path);
    if (!page) return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp(desk()),
      'cache-control': 'no-store',
    });
    res.end(html(page, desk(), channelId));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${SITE_PATH}`,
    origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
