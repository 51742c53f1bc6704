// Query.listNotes: the caller's notes, a page at a time (at most 50).
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const limit = Math.min(ctx.args.limit ?? 20, 50);
  return {
    operation: 'Query',
    query: { expression: '#owner = :owner', expressionNames: { '#owner': 'owner' },
             expressionValues: util.dynamodb.toMapValues({ ':owner': ctx.identity.sub }) },
    limit,
    nextToken: ctx.args.nextToken,
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return { items: ctx.result.items, nextToken: ctx.result.nextToken };
}
