export { createApi, defineRoutes, type Api, type ApiOptions } from './create-api.js';
export { buildOpenApi } from './openapi.js';
export { startServer, type RunningServer } from './server.js';
