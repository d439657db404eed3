package dev.ordersaga.inventory;

import dev.ordersaga.testsupport.ServiceSmokeIT;

class InventoryServiceSmokeIT extends ServiceSmokeIT {
}
