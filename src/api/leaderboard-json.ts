import { createHash } from 'node:crypto';
import type { LeaderboardCache } from '../usecases/leaderboard-cache';
import type { Leaderboard } from '../usecases/get-leaderboard';
import type { LeaderboardRowView, LeaderboardView } from './views';
import { JsonText } from './http';

/**
 * GET /api/leaderboard as text, written once per kept ranking. The ranking is the same for every reader but for
 * the one row marked as theirs and the organiser flag, and it is the tab's most frequent request: stringifying
 * 500 rows per request (and hashing them for the ETag) was most of its CPU. Each row is written twice (theirs or
 * not) when the ranking is read, and a request joins the texts: the JSON the view would stringify to, byte for
 * byte.
 */
interface BoardText {
  head: string;
  rows: string[];
  mineRows: Map<string, { index: number; text: string }>;
  tail: string;
  hash: string;
}

const texts = new WeakMap<Leaderboard, BoardText>();

function boardText(board: Leaderboard): BoardText {
  let text = texts.get(board);
  if (text) return text;
  const shared: Omit<LeaderboardView, 'rows' | 'podiumSize' | 'organiser'> = {
    challenge: { id: board.challenge.id, title: board.challenge.title },
    minTeamSize: board.challenge.scoring.minTeamSize,
    scoring: board.challenge.scoring,
  };
  const rowText = (row: (typeof board.rows)[number], mine: boolean) =>
    JSON.stringify({ ...row, mine } satisfies LeaderboardRowView);
  const rows = board.rows.map((row) => rowText(row, false));
  const head = JSON.stringify(shared).slice(0, -1);
  const tail = `,"podiumSize":${JSON.stringify(board.podium.length)}`;
  text = {
    head: `${head}${head.length > 1 ? ',' : ''}"rows":[`,
    rows,
    mineRows: new Map(
      board.rows.map((row, index) => [row.teamId, { index, text: rowText(row, true) }]),
    ),
    tail,
    hash: createHash('sha1').update(head).update(rows.join(',')).update(tail).digest('base64url'),
  };
  texts.set(board, text);
  return text;
}

/** The reader's leaderboard view, as the JSON text the API sends, with an ETag that changes when it does. */
export async function leaderboardJson(
  leaderboard: LeaderboardCache,
  agentId: string,
  organiser: Promise<boolean>,
): Promise<JsonText> {
  const board = await leaderboard.get();
  const text = boardText(board);
  // The reader's team from the same kept ranking: no store read on the tab's most frequent request.
  const myTeamId = leaderboard.teamIdOf(board, agentId);
  const mine = myTeamId === null ? undefined : text.mineRows.get(myTeamId);
  let rows = text.rows;
  if (mine) {
    rows = rows.slice();
    rows[mine.index] = mine.text;
  }
  const isOrganiser = await organiser;
  const json = `${text.head}${rows.join(',')}]${text.tail},"organiser":${isOrganiser}}`;
  const etag = createHash('sha1')
    .update(`${text.hash}|${mine?.index ?? -1}|${isOrganiser}`)
    .digest('base64url')
    .slice(0, 22);
  return new JsonText(json, `"${etag}"`);
}
