package io.vigie.gate;

import io.vigie.config.GateConfig;

/** An authenticated vendor naming its target: what the authentication handler passes on. */
record GateRequest(GateConfig.Identity identity, String target) {}
