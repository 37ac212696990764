/** Names every JavaScript object answers to: user text that must stay only a name (fuzz corpus). */
export const OBJECT_KEY_NAMES = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];
