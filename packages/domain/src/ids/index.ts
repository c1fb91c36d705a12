/** Chinese identifier validators: 公民身份号码 (GB 11643) and 统一社会信用代码 (GB 32100). */
export * from './credit-code.ts';
export * from './id-number.ts';
