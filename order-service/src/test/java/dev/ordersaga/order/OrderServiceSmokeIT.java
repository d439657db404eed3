package dev.ordersaga.order;

import dev.ordersaga.testsupport.ServiceSmokeIT;

class OrderServiceSmokeIT extends ServiceSmokeIT {
}
