export { AlertDelivery, type DeliveryOptions } from './deliver.js';
export { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './payload.js';
export { listDeliveries, listWebhooks, removeWebhook, type Webhook } from './store.js';
export { watchConditions } from './watch.js';
export { addWebhook, ALERT_KINDS } from './webhooks.js';
