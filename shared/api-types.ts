// The API's type for clients (console, dashboard, admin, load tool). Type-only: no server code
// reaches a client bundle through this import.
export type { AppRouter } from '../server/api/router';
