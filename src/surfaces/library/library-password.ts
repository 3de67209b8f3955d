import type { Bindings } from "../../env";
import { secret } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { STATUS } from "./envelope";
import { checkLoginRate } from "./login-limit";
import { decryptPassword, loadPrivateKey, readCiphertext } from "./rsa";

/** The RSA public key (SPKI PEM) the client encrypts `libPsw` with. */
export async function publicKeyPem(env: Bindings): Promise<string> {
  return (await loadPrivateKey(secret(env, "LIBRARY_RSA_PRIVATE_KEY"))).publicPem;
}

/**
 * The library password in `libPsw`: status 5 when it visibly is not a
 * ciphertext, then status 6 when the user or the card is over the login rate,
 * both before any decryption. A bad padding decrypts to a stand-in password,
 * which the library refuses as a wrong one (docs/library.md).
 */
export async function libraryPassword(env: Bindings, openid: string, libId: string, libPsw: string): Promise<string> {
  const key = await loadPrivateKey(secret(env, "LIBRARY_RSA_PRIVATE_KEY"));
  const ciphertext = readCiphertext(key, libPsw);
  if (!ciphertext) throw new AppError("invalid_param", "RSA_KEY_ERROR", { code: STATUS.rsa });
  await checkLoginRate(env, openid, libId);
  return decryptPassword(key, ciphertext);
}
