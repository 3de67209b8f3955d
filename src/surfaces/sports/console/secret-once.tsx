import type { FC } from "hono/jsx";
import { cabinetHref } from "./area-nav";

/**
 * A cabinet's new HMAC secret, shown in the answer to the form that made it and nowhere else
 * (never in a URL, a cookie or a log): D1 keeps it for signatures, no page shows it again.
 */
export const SecretOnce: FC<{ deviceId: string; secret: string }> = ({ deviceId, secret }) => (
  <section class="card" aria-labelledby="secret-title">
    <h2 id="secret-title">柜机 {deviceId} 的签名密钥</h2>
    <code class="secret" id="cabinet-secret">
      {secret}
    </code>
    <p>
      <button type="button" class="secondary" data-copy="cabinet-secret">
        复制密钥
      </button>
    </p>
    <p role="note">
      <strong>密钥只显示这一次，离开此页后将无法再次查看。</strong>
      请立即复制并配置到柜机上（柜机用它签名每个请求）；如果遗失，只能重新生成密钥。
    </p>
    <p>
      <a class="button" href={cabinetHref(deviceId)}>
        我已保存，查看柜机
      </a>
    </p>
  </section>
);
