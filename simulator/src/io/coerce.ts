// Converting what an event file holds to the engine's values, column by
// column, as Spark's JSON and CSV readers do: a value that does not fit its
// column's type makes the record malformed (the caller decides, by mode, what
// happens to it). Converters are compiled once per schema, since they run for
// every value of every row.
//
// Engine values: strings, numbers (all integer and fractional types, decimals
// included), booleans, timestamps as microseconds since the epoch, dates as
// days since the epoch, arrays, maps and structs as plain objects, binary as
// the text it holds, and null.

import { epochToMicros, parseDateDays, parseTimestampMicros, type EpochUnit } from './timestamps';
import type { PrimitiveName, SparkType } from './spark-type';

/** Returned by a converter when the value does not fit the type. */
export const invalidValue: unique symbol = Symbol('invalid value');

export type Converter = (value: unknown) => unknown;

export interface CoerceOptions {
  readonly epochUnit: EpochUnit;
}

const integerRanges: Readonly<Record<string, readonly [number, number]>> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const specialDoubles: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  INF: Number.POSITIVE_INFINITY,
  '+INF': Number.POSITIVE_INFINITY,
  '-INF': Number.NEGATIVE_INFINITY,
};

/** A converter from a parsed JSON value (JSON.parse output) to an engine value. */
export function jsonConverter(type: SparkType, options: CoerceOptions): Converter {
  switch (type.kind) {
    case 'primitive':
      return jsonPrimitive(type.name, options);
    case 'decimal':
      return (value) => {
        if (value === null || value === undefined) return null;
        if (typeof value === 'number') return value;
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
        return invalidValue;
      };
    case 'array': {
      const element = jsonConverter(type.element, options);
      return (value) => {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value)) return invalidValue;
        const result: unknown[] = new Array(value.length);
        for (let index = 0; index < value.length; index++) {
          const converted = element(value[index]);
          if (converted === invalidValue) return invalidValue;
          result[index] = converted;
        }
        return result;
      };
    }
    case 'map': {
      const element = jsonConverter(type.value, options);
      return (value) => {
        if (value === null || value === undefined) return null;
        if (typeof value !== 'object' || Array.isArray(value)) return invalidValue;
        const result: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
          const converted = element(item);
          if (converted === invalidValue) return invalidValue;
          result[key] = converted;
        }
        return result;
      };
    }
    case 'struct': {
      const fields = type.fields.map((field) => ({ name: field.name, convert: jsonConverter(field.type, options) }));
      return (value) => {
        if (value === null || value === undefined) return null;
        if (typeof value !== 'object' || Array.isArray(value)) return invalidValue;
        const source = value as Record<string, unknown>;
        const result: Record<string, unknown> = {};
        for (const field of fields) {
          const converted = field.convert(source[field.name]);
          if (converted === invalidValue) return invalidValue;
          result[field.name] = converted;
        }
        return result;
      };
    }
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

function jsonPrimitive(name: PrimitiveName, options: CoerceOptions): Converter {
  switch (name) {
    case 'string':
      return (value) => {
        if (typeof value === 'string') return value;
        if (value === null || value === undefined) return null;
        // Spark's JSON reader keeps the JSON text of a non-string value in a string column
        return typeof value === 'object' ? JSON.stringify(value) : String(value);
      };
    case 'binary':
      return (value) => (value === null || value === undefined ? null : typeof value === 'string' ? value : invalidValue);
    case 'boolean':
      return (value) => (value === null || value === undefined ? null : typeof value === 'boolean' ? value : invalidValue);
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint': {
      const [low, high] = integerRanges[name] ?? [0, 0];
      return (value) => {
        if (value === null || value === undefined) return null;
        return typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high ? value : invalidValue;
      };
    }
    case 'float':
    case 'double':
      return (value) => {
        if (value === null || value === undefined) return null;
        if (typeof value === 'number') return value;
        if (typeof value === 'string') return specialDoubles[value] ?? invalidValue;
        return invalidValue;
      };
    case 'timestamp':
    case 'timestamp_ntz':
      return (value) => {
        if (value === null || value === undefined) return null;
        if (typeof value === 'number') return Number.isFinite(value) ? epochToMicros(value, options.epochUnit) : invalidValue;
        if (typeof value === 'string') return parseTimestampMicros(value) ?? invalidValue;
        return invalidValue;
      };
    case 'date':
      return (value) => {
        if (value === null || value === undefined) return null;
        if (typeof value === 'number') return Number.isInteger(value) ? value : invalidValue;
        if (typeof value === 'string') return parseDateDays(value) ?? invalidValue;
        return invalidValue;
      };
    case 'void':
      return () => null;
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}

/** A converter from one CSV field's text (`null` for a missing field) to an engine value; an empty field is null, as Spark's default `nullValue`. */
export function csvConverter(type: SparkType, options: CoerceOptions): Converter {
  if (type.kind === 'decimal') {
    return (value) => {
      if (value === null || value === '') return null;
      const number = Number(value);
      return Number.isFinite(number) ? number : invalidValue;
    };
  }
  if (type.kind !== 'primitive') {
    // Spark's CSV reader has no nested types; a schema that asks for one cannot be read
    return (value) => (value === null || value === '' ? null : invalidValue);
  }
  const name = type.name;
  switch (name) {
    case 'string':
    case 'binary':
      return (value) => (value === null ? null : value);
    case 'boolean':
      return (value) => {
        if (value === null || value === '') return null;
        const lower = String(value).toLowerCase();
        return lower === 'true' ? true : lower === 'false' ? false : invalidValue;
      };
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint': {
      const [low, high] = integerRanges[name] ?? [0, 0];
      return (value) => {
        if (value === null || value === '') return null;
        const text = String(value).trim();
        if (!/^[+-]?\d+$/.test(text)) return invalidValue;
        const number = Number(text);
        return number >= low && number <= high ? number : invalidValue;
      };
    }
    case 'float':
    case 'double':
      return (value) => {
        if (value === null || value === '') return null;
        const text = String(value).trim();
        const special = specialDoubles[text];
        if (special !== undefined) return special;
        const number = Number(text);
        return text !== '' && !Number.isNaN(number) ? number : invalidValue;
      };
    case 'timestamp':
    case 'timestamp_ntz':
      return (value) => {
        if (value === null || value === '') return null;
        const text = String(value).trim();
        if (/^[+-]?\d+(\.\d+)?$/.test(text)) return epochToMicros(Number(text), options.epochUnit);
        return parseTimestampMicros(text) ?? invalidValue;
      };
    case 'date':
      return (value) => (value === null || value === '' ? null : parseDateDays(String(value)) ?? invalidValue);
    case 'void':
      return () => null;
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}
