// Realistic values for a column from its type and name: `user_id` gets a few
// dozen users with some hot ones, `amount` a skewed price, `country` a country
// code, `device` a device name. Keys come from small sets so aggregations and
// joins group rows; ids that name one event (`event_id`, `order_id`) are unique.
// Every draw comes from the PRNG, so the same seed gives the same values.

import type { SparkType } from '../io/spark-type';
import type { Prng } from './prng';

/** What a value may depend on besides the PRNG. */
export interface RowContext {
  readonly prng: Prng;
  /** 0-based position of the event in the generated stream. */
  readonly index: number;
  /** The event's time in microseconds (already jittered, possibly late). */
  readonly eventMicros: number;
}

export type ValueGenerator = (context: RowContext) => unknown;

const countries = ['US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'CA', 'ES', 'NL'];
const cities = ['Berlin', 'Paris', 'London', 'New York', 'Tokyo', 'Madrid', 'Toronto', 'Mumbai', 'Amsterdam', 'Austin'];
const eventTypes = ['page_view', 'click', 'add_to_cart', 'purchase', 'search', 'login', 'logout'];
const statuses = ['ok', 'ok', 'ok', 'pending', 'failed'];
const currencies = ['USD', 'EUR', 'GBP', 'JPY'];
const browsers = ['chrome', 'firefox', 'safari', 'edge'];
const platforms = ['web', 'ios', 'android'];
const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];
const pages = ['/', '/home', '/search', '/product/42', '/product/7', '/cart', '/checkout', '/account'];
const firstNames = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const products = ['laptop', 'phone', 'headphones', 'monitor', 'keyboard', 'mouse', 'tablet', 'camera'];
const symbols = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'TSLA'];
const words = ['timeout', 'retry', 'connected', 'disconnected', 'slow response', 'cache miss', 'ok'];

/** Ids naming a single event: unique and increasing. */
const uniqueIdPattern = /^(event|order|transaction|txn|payment|message|msg|request|req|record|trace|span|invoice)_?id$|^uuid$|^guid$/i;

export function valueGenerator(name: string, type: SparkType): ValueGenerator {
  const lower = name.toLowerCase();
  switch (type.kind) {
    case 'primitive':
      return primitiveGenerator(lower, type.name);
    case 'decimal': {
      const base = numericGenerator(lower, false);
      const factor = 10 ** type.scale;
      return (context) => Math.round(base(context) * factor) / factor;
    }
    case 'array': {
      const element = valueGenerator(singular(lower), type.element);
      return (context) => {
        const length = context.prng.integer(0, 3);
        const items: unknown[] = [];
        for (let index = 0; index < length; index++) items.push(element(context));
        return items;
      };
    }
    case 'map': {
      const value = valueGenerator(lower, type.value);
      return (context) => {
        const result: Record<string, unknown> = {};
        const size = context.prng.integer(1, 3);
        for (let index = 0; index < size; index++) result[`${singular(lower) || 'key'}_${context.prng.integer(1, 5)}`] = value(context);
        return result;
      };
    }
    case 'struct': {
      const fields = type.fields.map((field) => ({ name: field.name, generate: valueGenerator(field.name, field.type) }));
      return (context) => {
        const result: Record<string, unknown> = {};
        for (const field of fields) result[field.name] = field.generate(context);
        return result;
      };
    }
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

function primitiveGenerator(name: string, type: string): ValueGenerator {
  switch (type) {
    case 'string':
    case 'binary':
      return stringGenerator(name);
    case 'boolean': {
      const probability = /^(is|has|was)_|^(is|has)[A-Z]|flag|enabled|active|success/.test(name) ? 0.7 : 0.5;
      return (context) => context.prng.chance(probability);
    }
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint': {
      const limit = type === 'tinyint' ? 127 : type === 'smallint' ? 32767 : Number.MAX_SAFE_INTEGER;
      const base = numericGenerator(name, true);
      return (context) => Math.min(limit, Math.round(base(context)));
    }
    case 'float':
    case 'double':
      return numericGenerator(name, false);
    case 'timestamp':
    case 'timestamp_ntz':
      // A second timestamp (ingestion, processing) follows the event time closely
      return (context) => context.eventMicros + context.prng.integer(50, 3000) * 1000;
    case 'date':
      return (context) => Math.floor(context.eventMicros / 86_400_000_000);
    default:
      return () => null;
  }
}

function stringGenerator(name: string): ValueGenerator {
  if (uniqueIdPattern.test(name)) {
    const prefix = name.replace(/_?id$/i, '').slice(0, 3) || 'id';
    return (context) => `${prefix}-${String(context.index + 1).padStart(8, '0')}`;
  }
  const keyed = keyedName(name);
  if (keyed !== null) return (context) => `${keyed.prefix}${String(1 + context.prng.skewedIndex(keyed.count)).padStart(3, '0')}`;
  if (/e_?mail/.test(name)) return (context) => `${context.prng.pick(firstNames)}${context.prng.integer(1, 99)}@example.com`;
  if (/(^|_)ip(_|$)|ip_?addr/.test(name)) return (context) => `10.${context.prng.integer(0, 3)}.${context.prng.integer(0, 255)}.${context.prng.integer(1, 254)}`;
  if (/url|page|path|uri|referr?er/.test(name)) return (context) => context.prng.pick(pages);
  if (/country/.test(name)) return (context) => countries[context.prng.skewedIndex(countries.length)] as string;
  if (/city|region|location/.test(name)) return (context) => cities[context.prng.skewedIndex(cities.length)] as string;
  if (/currency/.test(name)) return (context) => context.prng.pick(currencies);
  if (/browser|agent/.test(name)) return (context) => context.prng.pick(browsers);
  if (/platform|(^|_)os(_|$)|channel/.test(name)) return (context) => context.prng.pick(platforms);
  if (/level|severity/.test(name)) return (context) => context.prng.pick(levels);
  if (/status|state|result/.test(name)) return (context) => context.prng.pick(statuses);
  if (/product|item|sku|category/.test(name)) return (context) => products[context.prng.skewedIndex(products.length)] as string;
  if (/symbol|ticker/.test(name)) return (context) => context.prng.pick(symbols);
  if (/type|action|kind|event|activity|(^|_)op(eration)?$/.test(name)) return (context) => eventTypes[context.prng.skewedIndex(eventTypes.length)] as string;
  if (/name|user|customer|author|owner/.test(name)) return (context) => context.prng.pick(firstNames);
  if (/message|msg|text|description|comment|body|reason/.test(name)) return (context) => context.prng.pick(words);
  if (/^(key|partition_key|k)$/.test(name)) return (context) => `key-${context.prng.integer(1, 20)}`;
  return (context) => `${name || 'value'}-${context.prng.integer(1, 50)}`;
}

/**
 * The index-th value of a key column, for a generated dimension table whose
 * rows must cover the keys the stream uses (`user-001`, `user-002`, ...).
 */
export function keyValue(name: string, type: string, index: number): string | number {
  const lower = name.toLowerCase();
  if (type !== 'string') return index + 1;
  const keyed = keyedName(lower);
  return keyed === null ? `${lower}-${index + 1}` : `${keyed.prefix}${String(index + 1).padStart(3, '0')}`;
}

/** Names of grouping keys: a small set of values with a recognisable prefix. */
function keyedName(name: string): { readonly prefix: string; readonly count: number } | null {
  const table: readonly (readonly [RegExp, string, number])[] = [
    [/user|customer|account|member|player|client/, 'user-', 40],
    [/device|sensor|meter|machine|host|server|node/, 'device-', 12],
    [/session/, 'session-', 200],
    [/store|shop|merchant|vendor|seller/, 'store-', 8],
    [/campaign|ad_?id/, 'campaign-', 6],
    [/product|item|sku/, 'sku-', 30],
    [/(^|_)id$|id$/, 'id-', 50],
  ];
  if (!/id$|_?key$/i.test(name) && !/(^|_)(user|device|sensor|session|customer|account)$/.test(name)) return null;
  for (const [pattern, prefix, count] of table) {
    if (pattern.test(name)) return { prefix, count };
  }
  return null;
}

function numericGenerator(name: string, integral: boolean): (context: RowContext) => number {
  if (uniqueIdPattern.test(name)) return (context) => context.index + 1;
  if (/user|customer|account|member/.test(name) && /id$/.test(name)) return (context) => 1 + context.prng.skewedIndex(40);
  if (/device|sensor|meter|machine|host/.test(name)) return (context) => 1 + context.prng.skewedIndex(12);
  if (/(^|_)id$|id$/.test(name)) return (context) => 1 + context.prng.skewedIndex(50);
  if (/amount|price|cost|total|revenue|spend|fare|value|balance/.test(name)) {
    return (context) => {
      const amount = Math.exp(3 + 0.9 * context.prng.normal());
      return integral ? Math.max(1, Math.round(amount)) : Math.round(amount * 100) / 100;
    };
  }
  if (/quantity|qty|count|items|clicks|views/.test(name)) return (context) => context.prng.integer(1, 5);
  if (/temp/.test(name)) return (context) => round(20 + 4 * context.prng.normal(), integral);
  if (/humid/.test(name)) return (context) => round(50 + 10 * context.prng.normal(), integral);
  if (/latency|duration|elapsed|_ms$|millis|response_time/.test(name)) return (context) => round(Math.exp(4 + 0.8 * context.prng.normal()), integral);
  if (/(^|_)lat(itude)?($|_)/.test(name)) return (context) => round(-60 + 130 * context.prng.next(), integral, 5);
  if (/(^|_)(lon|lng|longitude)($|_)/.test(name)) return (context) => round(-180 + 360 * context.prng.next(), integral, 5);
  if (/score|rating|stars/.test(name)) return (context) => (integral ? context.prng.integer(1, 5) : round(1 + 4 * context.prng.next(), false));
  if (/age/.test(name)) return (context) => context.prng.integer(18, 80);
  if (/percent|ratio|rate|pct/.test(name)) return (context) => round(100 * context.prng.next(), integral);
  if (/year/.test(name)) return (context) => 2024 + context.prng.integer(0, 1);
  return (context) => (integral ? context.prng.integer(0, 1000) : round(1000 * context.prng.next(), false));
}

function round(value: number, integral: boolean, digits = 2): number {
  if (integral) return Math.round(value);
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function singular(name: string): string {
  return name.endsWith('ies') ? `${name.slice(0, -3)}y` : name.endsWith('s') ? name.slice(0, -1) : name;
}
