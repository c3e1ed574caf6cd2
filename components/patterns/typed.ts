/**
 * Patterns typed by the events they filter: `TypedPattern<T>` accepts only the keys of T (keys
 * under an array are its elements' keys, as EventBridge matches array elements) and, at each
 * leaf, only the matchers EventBridge accepts for that leaf's type, with exact values of that
 * type. Every property type is computed when a pattern names it, so a large T costs only the
 * parts a pattern touches.
 */
import type {
    CidrMatcher, EqualsIgnoreCaseMatcher, ExistsMatcher, FieldPattern, NumericMatcher, PrefixMatcher, SuffixMatcher,
    WildcardMatcher,
} from "./types";

/** The keys of every member of a union (`keyof` of a union keeps only the shared ones). */
type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** The type of key K in the members of T that have it. */
type ValueOfUnion<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** EventBridge matches each element of an array, so a field holding arrays is typed by their elements. */
type ElementOf<V> = V extends readonly (infer Element)[] ? ElementOf<Element> : V;

type IsNever<T> = [T] extends [never] ? true : false;

/** The `anything-but` forms for a string field: its own values, or a string operator. */
type StringAnythingBut<S extends string> =
    | S
    | readonly S[]
    | { readonly prefix: string }
    | { readonly suffix: string }
    | { readonly wildcard: string | readonly string[] }
    | { readonly "equals-ignore-case": string | readonly string[] };

type StringMatcher<S extends string> =
    | PrefixMatcher | SuffixMatcher | EqualsIgnoreCaseMatcher | WildcardMatcher | CidrMatcher
    | { readonly "anything-but": StringAnythingBut<S> };

type NumberMatcher = NumericMatcher | { readonly "anything-but": number | readonly number[] };

/**
 * One element of a leaf field's list of allowed values, for a leaf of type P (strings, string
 * literals, numbers, booleans, null): an exact value of type P, `exists`, and the operators
 * EventBridge applies to P's kinds of value (string operators for strings, `numeric` for numbers;
 * `anything-but` takes only strings or numbers).
 */
export type LeafMatcher<P> =
    | P
    | ExistsMatcher
    | (IsNever<Extract<P, string>> extends true ? never : StringMatcher<Extract<P, string>>)
    | (IsNever<Extract<P, number>> extends true ? never : NumberMatcher);

/** A field of an untyped value accepts any pattern; an object, a nested pattern; a primitive, a list of matchers. */
type FieldFor<V> = unknown extends V
    ? FieldPattern
    :
          | (IsNever<Extract<V, object>> extends true ? never : TypedPattern<Extract<V, object>>)
          | (IsNever<Exclude<V, object>> extends true ? never : readonly LeafMatcher<Exclude<V, object>>[]);

/** The pattern of a field whose value has type V (absent values are matched with `exists: false`). */
export type TypedFieldPattern<V> = FieldFor<ElementOf<Exclude<V, undefined>>>;

/**
 * A pattern over values of type T: each key one of T's keys (of any member, when T is a union),
 * each field a nested pattern or a list of matchers valid for the field's type; `$or` holds
 * alternative patterns over the same T.
 */
export type TypedPattern<T> = {
    readonly [K in KeysOfUnion<T> & string]?: TypedFieldPattern<ValueOfUnion<T, K>>;
} & {
    /** Two or more alternative patterns, any of which may match. */
    readonly $or?: readonly TypedPattern<T>[];
};
