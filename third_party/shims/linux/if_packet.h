/* capOS shim: musl ships no kernel headers; libwebsockets only needs the packet socket definitions. */
#include <netpacket/packet.h>
