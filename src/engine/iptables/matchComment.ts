/** `-m comment --comment TEXT` (xt_comment.c: always matches; up to 255 characters). */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import type { CommentMatch } from './model';
import { saveString } from './saveString';

export const commentExt: Extension<CommentMatch> = {
  name: 'comment',
  options: [{ name: 'comment', id: 'comment', args: 1, invertible: false }],
  init: () => ({ kind: 'comment', comment: '' }),
  parse(m, id, args, _inv, _ctx, seen) {
    if (seen.has(id)) return onceError('comment', 'comment');
    if (args[0].length > 255) return extError('bad-value', 'comment: option "--comment" must be no more than 255 characters');
    m.comment = args[0];
    return null;
  },
  final: (_m, seen) => (seen.has('comment') ? null : extError('missing-argument', 'comment: option "--comment" must be specified', 'option')),
  save: (m) => ' --comment' + saveString(m.comment),
  print: (m) => ` /* ${m.comment} */`,
};
