import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  MARKET_DATA_RESPONSE,
  NOT_FOUND_RESPONSE,
  REJECTED_RESPONSE,
  SECURITY,
  UNAUTHORIZED_RESPONSE,
  VALIDATION_RESPONSE,
  json,
} from '../contract/openapiResponses.ts';
import { ErrorBodySchema } from '../contract/errorBodies.ts';
import { SymbolParam } from '../contract/schemas.ts';

const Side = z.enum(['buy', 'sell']);
const Type = z.enum(['market', 'limit']);
const Status = z.enum(['open', 'filled', 'cancelled']);

export const NewOrderBody = z
  .object({
    symbol: SymbolParam,
    side: Side,
    type: Type,
    quantity: z.number().positive().max(1_000_000),
    price: z
      .number()
      .positive()
      .optional()
      .describe('Limit price; required for limit orders, not allowed for market orders'),
  })
  .superRefine((order, ctx) => {
    if (order.type === 'limit' && order.price === undefined)
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'price is required for limit orders' });
    if (order.type === 'market' && order.price !== undefined)
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'price is not allowed for market orders' });
  })
  .meta({ id: 'NewOrder' });

export const ListOrdersQuery = z.object({
  status: Status.optional(),
  symbol: SymbolParam.optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

export const OrderIdParams = z.object({ id: z.coerce.number().int().positive() });

export const OrderSchema = z
  .object({
    id: z.number().int(),
    symbol: z.string(),
    side: Side,
    type: Type,
    quantity: z.number(),
    price: z.number().nullable(),
    status: Status,
    filled_price: z.number().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Order' });

export const OrderListSchema = z
  .object({
    orders: z.array(OrderSchema),
    page: z.number().int(),
    page_size: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'OrderList' });

const tags = ['orders'];
export const ordersRoutes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/orders',
    summary: 'List orders (newest first)',
    tags,
    security: SECURITY,
    request: { query: ListOrdersQuery },
    responses: { 200: json('A page of orders', OrderListSchema), 401: UNAUTHORIZED_RESPONSE, 422: VALIDATION_RESPONSE },
  },
  {
    method: 'post',
    path: '/api/orders',
    summary: 'Place an order (risk-checked; market orders fill at once)',
    tags,
    security: SECURITY,
    request: { body: { content: { 'application/json': { schema: NewOrderBody } } } },
    responses: {
      201: json('The placed order', OrderSchema),
      400: REJECTED_RESPONSE,
      401: UNAUTHORIZED_RESPONSE,
      404: NOT_FOUND_RESPONSE,
      422: VALIDATION_RESPONSE,
      502: MARKET_DATA_RESPONSE,
    },
  },
  {
    method: 'get',
    path: '/api/orders/{id}',
    summary: 'One order',
    tags,
    security: SECURITY,
    request: { params: OrderIdParams },
    responses: {
      200: json('The order', OrderSchema),
      401: UNAUTHORIZED_RESPONSE,
      404: NOT_FOUND_RESPONSE,
      422: VALIDATION_RESPONSE,
    },
  },
  {
    method: 'delete',
    path: '/api/orders/{id}',
    summary: 'Cancel an open order',
    tags,
    security: SECURITY,
    request: { params: OrderIdParams },
    responses: {
      200: json('The cancelled order', OrderSchema),
      401: UNAUTHORIZED_RESPONSE,
      404: NOT_FOUND_RESPONSE,
      409: json('The order is no longer open', ErrorBodySchema),
      422: VALIDATION_RESPONSE,
    },
  },
];
