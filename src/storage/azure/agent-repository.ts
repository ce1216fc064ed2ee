import type { Agent } from '../../domain/agents';
import type { AgentNameSharing, AgentRegistration, AgentRepository } from '../../domain/ports';
import {
  getEntityOrNull,
  isConflict,
  isNotFound,
  safeKey,
  withOptimisticRetry,
  type TableSet,
} from './tables';
import { queryEntities } from './table-wire';
import { TtlCache } from './ttl-cache';

interface AgentRow {
  agentId: string;
  tenantId: string;
  name: string;
  locale: string;
  direction?: string;
  reachable: boolean;
  conversationReference?: string;
  registeredAt: string;
  organiser?: boolean;
  /** Absent on rows written before the choice existed: read as "not shown". */
  showNameToTeam?: boolean;
}

const ROW = 'agent';
/** How old the organisers' scan may be. */
const ORGANISER_SCAN_MS = 60_000;

function toAgent(row: AgentRow): Agent {
  return {
    id: row.agentId,
    tenantId: row.tenantId,
    name: row.name,
    locale: row.locale === 'en' ? 'en' : 'fr',
    direction: row.direction || undefined,
    reachable: row.reachable,
    conversationReference: row.conversationReference,
    registeredAt: row.registeredAt,
    organiser: row.organiser === true,
    showNameToTeam: row.showNameToTeam === true,
  };
}

/** Agents table: PK = agent id (one partition per agent: point reads, no hot partition), RK 'agent'. */
export class TableAgentRepository implements AgentRepository, AgentNameSharing {
  /** Every message and card click starts by reading the agent: cached a little, refreshed by our own writes. */
  private readonly cache = new TtlCache<Agent | null>(15_000);

  /**
   * The organisers as the last scan found them (`organisers()`): the tab's most frequent request shows the
   * organisers' pages to organisers, and a read of the reader's row for that hint was that request's one store
   * call. Organisers are a handful among thousands: one filtered scan a minute is cheaper than a read per request.
   */
  private organiserScan?: { at: number; ids: Set<string> };
  private organiserScanning?: Promise<Set<string>>;

  constructor(
    private readonly tables: TableSet,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(agentId: string): Promise<Agent | null> {
    return this.cache.get(agentId, async () => {
      const row = await getEntityOrNull<AgentRow>(this.tables.Agents, safeKey(agentId), ROW);
      return row ? toAgent(row) : null;
    });
  }

  async register(
    registration: AgentRegistration,
    now: string,
  ): Promise<{ agent: Agent; isNew: boolean }> {
    const partitionKey = safeKey(registration.id);
    const fresh: AgentRow = {
      agentId: registration.id,
      tenantId: registration.tenantId,
      name: registration.name,
      locale: registration.locale,
      reachable: true,
      conversationReference: registration.conversationReference,
      registeredAt: now,
    };
    // A known agent (usually cached) is refreshed; only an unknown one costs a create, and a 409 there means
    // another request registered them first.
    if (!(await this.get(registration.id))) {
      try {
        await this.tables.Agents.createEntity({ partitionKey, rowKey: ROW, ...fresh });
        this.cache.set(registration.id, toAgent(fresh));
        return { agent: toAgent(fresh), isNew: true };
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    // Known agent: refresh what may have changed, keep the rest (registration date, role, direction).
    const agent = await withOptimisticRetry(async () => {
      const row = await this.tables.Agents.getEntity<AgentRow>(partitionKey, ROW);
      const next: AgentRow = {
        ...toRow(row),
        name: registration.name || row.name,
        tenantId: registration.tenantId || row.tenantId,
        locale: registration.locale,
        reachable: true,
        conversationReference: registration.conversationReference,
      };
      const unchanged =
        next.name === row.name &&
        next.locale === row.locale &&
        row.reachable &&
        next.conversationReference === row.conversationReference;
      if (!unchanged) {
        await this.tables.Agents.updateEntity({ partitionKey, rowKey: ROW, ...next }, 'Replace', {
          etag: row.etag,
        });
      }
      return toAgent(next);
    });
    this.cache.set(registration.id, agent);
    return { agent, isNew: false };
  }

  async markUnreachable(agentId: string): Promise<void> {
    try {
      await this.tables.Agents.updateEntity(
        { partitionKey: safeKey(agentId), rowKey: ROW, reachable: false },
        'Merge',
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    this.cache.delete(agentId);
  }

  async setOrganiser(agentId: string, organiser: boolean): Promise<void> {
    await this.tables.Agents.updateEntity(
      { partitionKey: safeKey(agentId), rowKey: ROW, organiser },
      'Merge',
    );
    this.cache.delete(agentId);
    if (organiser) this.organiserScan?.ids.add(agentId);
    else this.organiserScan?.ids.delete(agentId);
  }

  async organisers(): Promise<ReadonlySet<string>> {
    const scan = this.organiserScan;
    if (scan && this.now() - scan.at < ORGANISER_SCAN_MS) return scan.ids;
    this.organiserScanning ??= (async () => {
      const at = this.now();
      const ids = new Set<string>();
      for (const row of await queryEntities<Pick<AgentRow, 'agentId'>>(
        this.tables.Agents,
        `RowKey eq '${ROW}' and organiser eq true`,
      ))
        ids.add(row.agentId);
      this.organiserScan = { at, ids };
      return ids;
    })().finally(() => {
      this.organiserScanning = undefined;
    });
    // Past its minute, the last scan still answers at once while the next one runs behind it (a hint: a scan
    // that fails leaves the last one in use). Only the first scan is waited for.
    if (scan) {
      this.organiserScanning.catch(() => undefined);
      return scan.ids;
    }
    return this.organiserScanning;
  }

  async setDirection(agentId: string, direction: string | undefined): Promise<void> {
    await this.tables.Agents.updateEntity(
      { partitionKey: safeKey(agentId), rowKey: ROW, direction: direction ?? '' },
      'Merge',
    );
    this.cache.delete(agentId);
  }

  async setShowNameToTeam(agentId: string, show: boolean): Promise<boolean> {
    try {
      // A merge touches this column only: a registration refreshing the row at the same time keeps it.
      await this.tables.Agents.updateEntity(
        { partitionKey: safeKey(agentId), rowKey: ROW, showNameToTeam: show },
        'Merge',
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    } finally {
      this.cache.delete(agentId);
      this.organiserScan?.ids.delete(agentId);
    }
  }

  async remove(agentId: string): Promise<boolean> {
    try {
      await this.tables.Agents.deleteEntity(safeKey(agentId), ROW);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    } finally {
      this.cache.delete(agentId);
      this.organiserScan?.ids.delete(agentId);
    }
  }

  async *all(): AsyncIterable<Agent> {
    for await (const row of this.tables.Agents.listEntities<AgentRow>({
      queryOptions: { filter: `RowKey eq '${ROW}'` },
    })) {
      yield toAgent(row);
    }
  }
}

function toRow(row: AgentRow): AgentRow {
  const {
    agentId,
    tenantId,
    name,
    locale,
    direction,
    reachable,
    conversationReference,
    registeredAt,
    organiser,
    showNameToTeam,
  } = row;
  return {
    agentId,
    tenantId,
    name,
    locale,
    direction,
    reachable,
    conversationReference,
    registeredAt,
    organiser,
    showNameToTeam,
  };
}
