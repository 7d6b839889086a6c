package io.vigie.protocol;

import java.util.List;

/**
 * MQTT: the CONNECT's client id and the topics published or subscribed to (first 20). Never the
 * password.
 */
public record MqttDetails(String clientId, List<String> topics) implements ProtocolDetail {
  public static final DetailKind<MqttDetails> KIND =
      new DetailKind<>(MqttDetails.class, new MqttDetails(null, List.of()), MqttDetails::from);

  public MqttDetails {
    topics = topics == null ? List.of() : List.copyOf(topics);
  }

  static MqttDetails from(SessionAttrs a) {
    return a.mqttClientId == null && a.mqttTopics.isEmpty()
        ? null
        : new MqttDetails(a.mqttClientId, a.mqttTopics);
  }

  @Override
  public void writeTo(FieldWriter w) {
    w.string("mqtt_client_id", clientId);
    w.strings("mqtt_topics", topics);
  }
}
