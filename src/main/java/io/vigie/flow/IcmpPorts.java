package io.vigie.flow;

/**
 * ICMP message types that come in request/reply pairs. Used for Community ID and so that an echo
 * request and its reply land in one flow. Table from the Community ID spec.
 */
final class IcmpPorts {
  private IcmpPorts() {}

  /** The counterpart type of a paired ICMP type, or -1 for a one-way message. */
  static int counterpart(int proto, int type) {
    if (proto == 1) {
      switch (type) {
        case 8:
          return 0; // echo request -> reply
        case 0:
          return 8;
        case 13:
          return 14; // timestamp
        case 14:
          return 13;
        case 15:
          return 16; // information
        case 16:
          return 15;
        case 10:
          return 9; // router solicitation / advertisement
        case 9:
          return 10;
        case 17:
          return 18; // address mask
        case 18:
          return 17;
        default:
          return -1;
      }
    }
    switch (type) {
      case 128:
        return 129; // echo request -> reply
      case 129:
        return 128;
      case 133:
        return 134; // router solicitation / advertisement
      case 134:
        return 133;
      case 135:
        return 136; // neighbour solicitation / advertisement
      case 136:
        return 135;
      case 130:
        return 131; // multicast listener query / report
      case 131:
        return 130;
      case 144:
        return 145; // home agent address discovery
      case 145:
        return 144;
      default:
        return -1;
    }
  }
}
