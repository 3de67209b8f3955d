import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../../src/env";
import type { CabinetRpc, PlacedItem, RentalToReturn, Report, Seal, SlotView } from "../../src/surfaces/sports/cabinet-rpc";
import { answerFrame } from "../../src/surfaces/sports/protocol";
import { CabinetOperations } from "./operations";
import { CabinetStore, migrate } from "./storage";

/**
 * One cabinet (named by its device_id): the single writer of its live state.
 * This class is the object's face: RPC, the alarm and the cabinet's
 * WebSocket. The work is in operations.ts, the rules in machine.ts, the
 * tables in storage.ts.
 */
export class Cabinet extends DurableObject<Bindings> implements CabinetRpc {
  private readonly ops: CabinetOperations;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.ops = new CabinetOperations(ctx, env, new CabinetStore(ctx.storage));
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage);
    });
  }

  rent(deviceId: string, userId: string, type: string, code: string) {
    return this.ops.rent(deviceId, userId, type, code);
  }

  revert(deviceId: string, userId: string, rental: RentalToReturn, code: string) {
    return this.ops.revert(deviceId, userId, rental, code);
  }

  poll(deviceId: string, snapshot: SlotView[] | undefined, seal: Seal, pollAfterMs?: number) {
    return this.ops.poll(deviceId, snapshot, seal, pollAfterMs);
  }

  report(deviceId: string, report: Report, seal: Seal) {
    return this.ops.report(deviceId, report, seal);
  }

  sweep(deviceId: string) {
    return this.ops.sweep(deviceId);
  }

  place(deviceId: string, items: PlacedItem[]) {
    return this.ops.place(deviceId, items);
  }

  forget(deviceId: string, tag: string, slot: number) {
    return this.ops.forget(deviceId, tag, slot);
  }

  resize(deviceId: string, slotCount: number) {
    return this.ops.resize(deviceId, slotCount);
  }

  retire(deviceId: string) {
    return this.ops.retire(deviceId);
  }

  inspect(deviceId: string) {
    return this.ops.inspect(deviceId);
  }

  alarm() {
    return this.ops.alarm();
  }

  /**
   * Accepts a cabinet's WebSocket (the route checked the signed handshake).
   * Hibernatable: the object may sleep between messages.
   */
  async fetch(request: Request): Promise<Response> {
    const deviceId = request.headers.get("x-cabinet-device");
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !deviceId) {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    await this.ops.load(deviceId);
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Each message is a signed request, answered as the HTTP endpoint would; a 401 closes the socket. */
  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const reply = await answerFrame(this.ops.db, this.ops, this.ops.deviceId(), message);
    ws.send(JSON.stringify(reply));
    if (reply.status === 401) ws.close(4401, "unauthorised");
  }

  async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // Already closed by the runtime.
    }
  }
}
