import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { requireScope } from "../../../platform/console/page";
import { jhBoardConsole } from "./board";
import { USERS } from "./tabs";
import { jhTermsConsole } from "./terms";
import { jhUsersConsole } from "./users";

/** 精弘 pages: users (usertype, message-board permission), the term calendar and the message board. */
export const jhConsole = new Hono<ConsoleEnv>({ strict: false });
jhConsole.use(requireScope("jh"));

jhConsole.get("/", (c) => c.redirect(USERS, 303));
jhConsole.route("/users", jhUsersConsole);
jhConsole.route("/terms", jhTermsConsole);
jhConsole.route("/board", jhBoardConsole);
