package dev.ordersaga.notification;

import dev.ordersaga.testsupport.ServiceSmokeIT;

class NotificationServiceSmokeIT extends ServiceSmokeIT {
}
