/** Exact money: integer 分 amounts, exact rational ratios, and named rounding rules with Chinese labels. */
export * from './money.ts';
