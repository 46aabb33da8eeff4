namespace Wharf.Network;
